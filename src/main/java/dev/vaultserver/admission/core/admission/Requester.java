package dev.vaultserver.admission.core.admission;

import java.util.List;
import java.util.Map;

/**
 * Who asked for the write, as the API server tells a webhook ({@code request.userInfo}). Trusted only to withhold:
 * nothing is ever allowed because of who asks, since a client that reaches the webhook directly can claim to be
 * anyone; it decides only whether a refusal may name what the requester could read anyway.
 */
public record Requester(String username, String uid, List<String> groups, Map<String, List<String>> extra) {

    /** Not known (a manifest read from a file, a review without userInfo): may be told nothing of other namespaces. */
    public static final Requester UNKNOWN = new Requester("", "", List.of(), Map.of());

    public Requester {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    public boolean known() {
        return !username.isEmpty();
    }
}
