package dev.vaultserver.admission.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

/**
 * What every watch-backed cache of this service shares: an informer that never gives up. fabric8's
 * default stops an informer for good when its first list fails (a slow start, the API server briefly
 * unreachable, RBAC not yet applied), which would leave readiness down forever; with this it lists
 * and watches again with fabric8's backoff, and readiness comes up once it has synced.
 */
public final class Informers {
    private static final Logger LOG = Logger.getLogger(Informers.class);

    private Informers() {
    }

    public static <T> SharedIndexInformer<T> retryingForever(SharedIndexInformer<T> informer, String what) {
        return informer.exceptionHandler((started, failure) -> {
            String why = failure instanceof KubernetesClientException e ? ApiServerErrors.describe(e, "list and watch " + what)
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage();
            LOG.warnf("The %s cache could not %s, trying again: %s", what, started ? "watch" : "list", why);
            return true;
        });
    }
}
