package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.admission.Requester;
import dev.vaultserver.admission.core.lookup.AccessReview;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the API server whether a requester may {@code get vaultservers.kubevault.com} in a namespace (a
 * SubjectAccessReview of the review's userInfo: user, groups, uid and extra), and remembers the answer briefly. Asked
 * only when a refusal would name another namespace's VaultServer, so rarely; when it cannot be told, the answer is no.
 */
public final class KubernetesAccessReview implements AccessReview {

    private static final Logger LOG = Logger.getLogger(KubernetesAccessReview.class);
    private static final int MAX_REMEMBERED = 1000;

    private record Question(Requester requester, String namespace) {
    }

    private record Answer(boolean allowed, long until) {
    }

    private final KubernetesClient client;
    private final long rememberNanos;
    private final Map<Question, Answer> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Question, Answer> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    public KubernetesAccessReview(KubernetesClient client, Duration remember) {
        this.client = client;
        this.rememberNanos = remember.toNanos();
    }

    @Override
    public boolean mayReadVaultServers(Requester requester, String namespace) {
        if (!requester.known()) {
            return false;
        }
        Question question = new Question(requester, namespace);
        long now = System.nanoTime();
        synchronized (remembered) {
            Answer answer = remembered.get(question);
            if (answer != null && answer.until() - now > 0) {
                return answer.allowed();
            }
        }
        boolean allowed = ask(requester, namespace);
        synchronized (remembered) {
            remembered.put(question, new Answer(allowed, now + rememberNanos));
        }
        return allowed;
    }

    private boolean ask(Requester requester, String namespace) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(requester.username()).withUid(requester.uid().isEmpty() ? null : requester.uid())
                .withGroups(requester.groups()).withExtra(requester.extra().isEmpty() ? null : Map.copyOf(requester.extra()))
                .withNewResourceAttributes().withNamespace(namespace).withVerb("get").withGroup(VaultServerVersion.GROUP)
                .withResource(VaultServerResources.PLURAL).endResourceAttributes()
                .endSpec().build();
        try {
            SubjectAccessReview answered = client.authorization().v1().subjectAccessReview().create(review);
            return answered.getStatus() != null && Boolean.TRUE.equals(answered.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            LOG.warnf("Whether a requester may read VaultServers in namespace %s could not be asked (so the refusal names none): %s",
                    namespace, ApiServerErrors.describe(e, "create SubjectAccessReviews"));
            return false;
        }
    }
}
