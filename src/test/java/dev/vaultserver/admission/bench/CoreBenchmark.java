package dev.vaultserver.admission.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.policy.PolicyReader;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import dev.vaultserver.admission.webhook.AdmissionReviewDecoder;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import dev.vaultserver.admission.webhook.ReviewJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The rule core's throughput on one core, without HTTP or TLS: run by {@code bench/jmh.sh}.
 * <ul>
 *   <li>{@code mutate}/{@code validate}: the handler's decision on an already decoded request;</li>
 *   <li>{@code validateWithPolicy}: the same with a tenant policy of two rules and a collision index;</li>
 *   <li>{@code serveMutate}/{@code serveValidate}: bytes of an AdmissionReview in, the answer's JSON tree out,
 *       as the REST resource calls it (decode, decide, encode).</li>
 * </ul>
 * The review is {@code examples/create-v1alpha1.json}; its Secret comes from {@code local-secrets/}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoreBenchmark {

    private final ObjectMapper json = ReviewJson.newMapper();
    private AdmissionWebhook webhook;
    private AdmissionHandler defaulter;
    private AdmissionHandler validator;
    private AdmissionHandler validatorWithPolicy;
    private byte[] body;
    private AdmissionAttributes request;

    @Setup
    public void setUp() throws Exception {
        webhook = new AdmissionWebhook(json);
        defaulter = new VaultServerDefaulter();
        DirectorySecretLookup secrets = new DirectorySecretLookup(Path.of("local-secrets"));
        validator = StandardRules.validator(secrets);
        validatorWithPolicy = StandardRules.validator(
                new ClusterView(secrets, ns -> Optional.of(Map.of("tenant", "true")),
                        location -> location.equals(new EffectiveBackend.Location("", "eu-west-1", "other")) ? List.of(new VaultServerIndex.Ref("b", "v")) : List.of()),
                PolicySource.fixed(PolicyReader.read("bench", """
                        rules:
                        - {name: tenants, namespaceSelector: {matchLabels: {tenant: "true"}}, allowedRegions: [us-west-1, eu-west-1],
                           endpoint: {forbidden: true}, maxReadCapacity: 100, requireCredentials: true}
                        - {name: rollout, enforcement: warn, maxParallel: 256}
                        """)));
        body = Files.readAllBytes(Path.of("examples/create-v1alpha1.json"));
        request = new AdmissionReviewDecoder(json).decode(body).attributes();
    }

    @Benchmark
    public Object mutate() {
        return defaulter.handle(request);
    }

    @Benchmark
    public Object validate() {
        return validator.handle(request);
    }

    @Benchmark
    public Object validateWithPolicy() {
        return validatorWithPolicy.handle(request);
    }

    @Benchmark
    public Object serveMutate() {
        return webhook.serve(body, defaulter).body();
    }

    @Benchmark
    public Object serveValidate() {
        return webhook.serve(body, validator).body();
    }
}
