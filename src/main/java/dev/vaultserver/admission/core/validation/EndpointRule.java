package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;


/**
 * A non-empty {@code endpoint} is an {@code http(s)://host[:port][/path]} URL or a bare
 * {@code host[:port]} (to which the AWS SDK adds {@code https://}); the host is a DNS name, an IPv4
 * address or a bracketed IPv6 address, the port 1 to 65535. {@code http://} is legal but plaintext:
 * a warning.
 */
public final class EndpointRule implements ObjectRule {

    public static final String ID = "dynamodb.endpoint";

    @Override
    public String id() {
        return ID;
    }

    /** Longer than any URL an SDK or proxy takes (browsers and servers stop at 2 to 8 KiB): refused before it is parsed. */
    public static final int MAX_LENGTH = 2048;
    static final String FORM = "must be an http(s)://host[:port][/path] URL or a bare host[:port]";
    private static final String NO_MATCH = FORM + " (no spaces, quotes, user info, query or fragment)";
    private static final String PATH_CHARACTERS = "._~!$&()*+,;=:@%/-";

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        vaultServer.dynamoDbText(DynamoDbField.ENDPOINT).filter(HclSafeStringsRule::isSafe).ifPresent(endpoint -> {
            String problem = problemWith(endpoint);
            if (problem != null) {
                findings.error(FieldError.invalid(DynamoDbField.ENDPOINT.path(), endpoint, problem));
            } else if (endpoint.regionMatches(true, 0, "http://", 0, 7)) {
                findings.warning(DynamoDbField.ENDPOINT.path(), Echo.quoted(endpoint) + " uses plaintext http://:"
                        + " Vault's DynamoDB traffic is not protected by TLS");
            }
        });
    }

    /**
     * What is wrong with an endpoint, or {@code null} when nothing is. Read in one pass of bounded loops (no regular
     * expression, whose repeated groups recurse once per label in Java and overflow the stack on a long host), after
     * a length check.
     */
    static String problemWith(String endpoint) {
        if (endpoint.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters (it has " + endpoint.length() + ")";
        }
        String rest = endpoint;
        String scheme = null;
        int separator = rest.indexOf("://");
        if (separator >= 0) {
            scheme = rest.substring(0, separator);
            if (!isScheme(scheme)) {
                return NO_MATCH;
            }
            rest = rest.substring(separator + 3);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? null : rest.substring(slash);
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || !isIpv6(authority.substring(1, close))) {
                return NO_MATCH;
            }
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                return NO_MATCH;
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = authority.indexOf(':');
            String host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
            if (!isDnsNameOrIpv4(host)) {
                return NO_MATCH;
            }
        }
        if (port != null && (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9'))) {
            return NO_MATCH;
        }
        if (path != null && !path.chars().allMatch(c -> isAsciiLetterOrDigit(c) || PATH_CHARACTERS.indexOf(c) >= 0)) {
            return NO_MATCH;
        }
        if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return "scheme must be http or https, not " + scheme;
        }
        if (scheme == null && path != null) {
            return FORM + ": a path needs a scheme, e.g. https://" + endpoint;
        }
        if (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            return "port must be 1 to 65535, not " + port;
        }
        return null;
    }

    /** {@code [A-Za-z][A-Za-z0-9+.-]*}. */
    private static boolean isScheme(String scheme) {
        if (scheme.isEmpty() || !isAsciiLetter(scheme.charAt(0))) {
            return false;
        }
        return scheme.chars().allMatch(c -> isAsciiLetterOrDigit(c) || c == '+' || c == '.' || c == '-');
    }

    /** Labels of {@code [A-Za-z0-9_-]}, none empty or starting or ending with {@code -}, dot-separated, a final dot allowed. */
    private static boolean isDnsNameOrIpv4(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty()) {
            return false;
        }
        int start = 0;
        while (start <= name.length()) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (end == start || name.charAt(start) == '-' || name.charAt(end - 1) == '-') {
                return false;
            }
            for (int i = start; i < end; i++) {
                char c = name.charAt(i);
                if (!isAsciiLetterOrDigit(c) && c != '_' && c != '-') {
                    return false;
                }
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
        return false;
    }

    /** {@code [0-9A-Fa-f:.]+}, as between the brackets of an IPv6 host. */
    private static boolean isIpv6(String address) {
        return !address.isEmpty() && address.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128 || c == ':' || c == '.');
    }

    private static boolean isAsciiLetter(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return isAsciiLetter(c) || c >= '0' && c <= '9';
    }
}
