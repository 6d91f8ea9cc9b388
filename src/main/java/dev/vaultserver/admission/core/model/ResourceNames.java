package dev.vaultserver.admission.core.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes object name rules, with the API server's own wording. */
public final class ResourceNames {

    private static final int DNS1123_SUBDOMAIN_MAX = 253;
    private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);

    private static final int DNS1123_LABEL_MAX = 63;
    private static final Pattern LABEL = Pattern.compile(DNS1123_LABEL);

    private ResourceNames() {
    }

    /** Whether a name is a DNS-1123 label (a namespace's name): at most 63 characters. */
    public static boolean isDns1123Label(String name) {
        return name.length() <= DNS1123_LABEL_MAX && LABEL.matcher(name).matches();
    }

    /**
     * What is wrong with a name that must be a DNS-1123 subdomain (as a Secret's), or empty when it is
     * one. The words are {@code k8s.io/apimachinery/pkg/util/validation}'s.
     */
    public static Optional<String> dns1123SubdomainProblem(String name) {
        if (name.length() > DNS1123_SUBDOMAIN_MAX) {
            return Optional.of("must be no more than 253 characters");
        }
        if (!SUBDOMAIN.matcher(name).matches()) {
            return Optional.of("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                    + " and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
                    + DNS1123_SUBDOMAIN + "')");
        }
        return Optional.empty();
    }
}
