import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Lease creates through fabric8's client, as the table claim makes them (bench/claim-writes.sh): one client, one
 * Lease of its own name per create, WARMUP creates then N timed ones; prints what was measured (the client's HTTP
 * implementation) on one line, then each timed create's milliseconds on one line each (the script summarises them).
 * Arguments: API_SERVER_URL TOKEN CA_FILE NAMESPACE WARMUP N.
 */
public class LeaseCreates {

    public static void main(String[] args) {
        Config config = new ConfigBuilder().withMasterUrl(args[0]).withOauthToken(args[1]).withCaCertFile(args[2]).build();
        String namespace = args[3];
        int warmup = Integer.parseInt(args[4]);
        int n = Integer.parseInt(args[5]);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            System.out.println("fabric8 (" + client.getHttpClient().getClass().getSimpleName() + ")");
            for (int i = 0; i < warmup + n; i++) {
                Lease lease = new LeaseBuilder().withNewMetadata().withName("fabric8-" + i).endMetadata()
                        .withNewSpec().withHolderIdentity("bench/" + i).endSpec().build();
                long started = System.nanoTime();
                client.leases().inNamespace(namespace).resource(lease).create();
                if (i >= warmup) {
                    System.out.println((System.nanoTime() - started) / 1e6);
                }
            }
        }
        System.exit(0); // the client's Vert.x threads would keep the JVM up
    }
}
