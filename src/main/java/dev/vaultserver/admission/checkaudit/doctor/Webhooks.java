package dev.vaultserver.admission.checkaudit.doctor;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;

import java.util.List;
import java.util.Optional;

/** The two webhooks of an installation seen alike, mutating or validating. */
final class Webhooks {

    private Webhooks() {
    }

    /** What the checks read of one webhook. */
    record Webhook(String name, List<RuleWithOperations> rules, String sideEffects, String matchPolicy, List<String> reviewVersions,
            Integer timeoutSeconds, String failurePolicy, LabelSelector namespaceSelector, WebhookClientConfig clientConfig) {}

    interface Visitor {
        /**
         * @param kind    {@code MutatingWebhookConfiguration} or {@code ValidatingWebhookConfiguration}
         * @param name    the configuration's name, {@code null} when it does not exist
         * @param webhook this project's webhook in it, {@code null} when there is none
         */
        void visit(String kind, String name, Webhook webhook);
    }

    static void each(Installation installation, Visitor visitor) {
        var mutating = installation.mutating();
        visitor.visit("MutatingWebhookConfiguration", mutating == null ? null : mutating.getMetadata().getName(), mutating(mutating).orElse(null));
        var validating = installation.validating();
        visitor.visit("ValidatingWebhookConfiguration", validating == null ? null : validating.getMetadata().getName(),
                validating(validating).orElse(null));
    }

    /** This project's webhook in a mutating configuration ({@value Installation#MUTATE}); empty when there is none. */
    static Optional<Webhook> mutating(MutatingWebhookConfiguration configuration) {
        return configuration == null || configuration.getWebhooks() == null ? Optional.empty() : configuration.getWebhooks().stream()
                .filter(w -> Installation.MUTATE.equals(w.getName())).findFirst()
                .map(w -> new Webhook(w.getName(), w.getRules(), w.getSideEffects(), w.getMatchPolicy(), w.getAdmissionReviewVersions(),
                        w.getTimeoutSeconds(), w.getFailurePolicy(), w.getNamespaceSelector(), w.getClientConfig()));
    }

    /** This project's webhook in a validating configuration ({@value Installation#VALIDATE}); empty when there is none. */
    static Optional<Webhook> validating(ValidatingWebhookConfiguration configuration) {
        return configuration == null || configuration.getWebhooks() == null ? Optional.empty() : configuration.getWebhooks().stream()
                .filter(w -> Installation.VALIDATE.equals(w.getName())).findFirst()
                .map(w -> new Webhook(w.getName(), w.getRules(), w.getSideEffects(), w.getMatchPolicy(), w.getAdmissionReviewVersions(),
                        w.getTimeoutSeconds(), w.getFailurePolicy(), w.getNamespaceSelector(), w.getClientConfig()));
    }

    /** Each webhook that exists, with its configuration's subject. */
    static void present(Installation installation, java.util.function.BiConsumer<String, Webhook> consumer) {
        each(installation, (kind, name, webhook) -> {
            if (webhook != null) {
                consumer.accept(kind + " " + name, webhook);
            }
        });
    }
}
