package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.field.Echo;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Words for a failed API server call, fit for a denial message (the API server's error texts carry no values). */
public final class ApiServerErrors {

    private ApiServerErrors() {
    }

    /**
     * @param e what fabric8 threw
     * @param action what the webhook tried, for a 403: {@code get Secrets in namespace "demo"}
     */
    public static String describe(KubernetesClientException e, String action) {
        if (e.getCode() <= 0) { // fabric8's code for "no HTTP answer at all"
            Throwable root = rootCause(e);
            String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
            return isTimeout(e) ? "the API server did not answer in time (" + what + ")" : "the API server could not be reached (" + what + ")";
        }
        return switch (e.getCode()) {
            case 401 -> "the API server did not accept the webhook's credentials (401 Unauthorized)";
            case 403 -> "the webhook's service account may not " + action + " (403 Forbidden)";
            default -> "the API server answered " + e.getCode()
                    + (e.getStatus() != null && e.getStatus().getReason() != null ? " " + e.getStatus().getReason() : "");
        };
    }

    /** What the API server said: its Status message as it wrote it, else fabric8's message. */
    public static String statusMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
    }

    /** {@link #statusMessage} for a person to read (a tool's output): escaped and cut, since it may quote what a tenant wrote. */
    public static String shownStatusMessage(KubernetesClientException e, int max) {
        return Echo.line(statusMessage(e), max);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.http.HttpTimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
