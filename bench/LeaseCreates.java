import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lease creates through fabric8's client, as the table claim makes them (bench/claim-writes.sh): one client, one
 * Lease of its own name per create, WARMUP creates then N timed ones; prints the p50, p90 and mean, and the client's
 * HTTP implementation. Arguments: API_SERVER_URL TOKEN CA_FILE NAMESPACE WARMUP N.
 */
public class LeaseCreates {

    public static void main(String[] args) {
        Config config = new ConfigBuilder().withMasterUrl(args[0]).withOauthToken(args[1]).withCaCertFile(args[2]).build();
        String namespace = args[3];
        int warmup = Integer.parseInt(args[4]);
        int n = Integer.parseInt(args[5]);
        List<Double> millis = new ArrayList<>();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            for (int i = 0; i < warmup + n; i++) {
                Lease lease = new LeaseBuilder().withNewMetadata().withName("fabric8-" + i).endMetadata()
                        .withNewSpec().withHolderIdentity("bench/" + i).endSpec().build();
                long started = System.nanoTime();
                client.leases().inNamespace(namespace).resource(lease).create();
                if (i >= warmup) {
                    millis.add((System.nanoTime() - started) / 1e6);
                }
            }
            Collections.sort(millis);
            System.out.printf("fabric8 (%s): p50 %.2f ms, p90 %.2f ms, mean %.2f ms of %d%n", client.getHttpClient().getClass().getSimpleName(),
                    millis.get(n / 2), millis.get(n * 9 / 10), millis.stream().mapToDouble(Double::doubleValue).average().orElse(0), n);
        }
        System.exit(0); // the client's Vert.x threads would keep the JVM up
    }
}
