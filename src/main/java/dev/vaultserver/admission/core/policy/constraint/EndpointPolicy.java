package dev.vaultserver.admission.core.policy.constraint;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code endpoint}: either no custom endpoint at all ({@code forbidden: true}: Vault must talk to AWS's
 * own DynamoDB endpoint for its region), or only endpoints from a list ({@code allowed: [...]}).
 * Endpoints are compared as {@link EffectiveBackend} spells them, so {@code dynamodb.local:8000} and
 * {@code https://DynamoDB.local:8000/} are one, and AWS's own endpoint written out counts as none.
 */
public record EndpointPolicy(boolean forbidden, List<String> allowed) implements PolicyConstraint {

    public EndpointPolicy {
        allowed = List.copyOf(allowed);
    }

    @Override
    public void check(PolicySubject subject, Findings findings) {
        EffectiveBackend.Setting endpoint = subject.backend().endpoint();
        if (!endpoint.known() || endpoint.value().isEmpty()) {
            return;
        }
        if (forbidden) {
            findings.error(FieldError.forbidden(endpoint.field(),
                    "a custom endpoint is not allowed (" + Echo.bare(endpoint.value()) + "): Vault must use AWS's DynamoDB endpoint for its region"));
            return;
        }
        String region = subject.backend().region().value();
        boolean listed = allowed.stream().anyMatch(a -> EffectiveBackend.normalizeEndpoint(a, region).equals(endpoint.value()));
        if (!listed) {
            findings.error(new FieldError(ErrorType.NOT_SUPPORTED, endpoint.field(), TextNode.valueOf(endpoint.value()),
                    "supported values: " + allowed.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", "))));
        }
    }
}
