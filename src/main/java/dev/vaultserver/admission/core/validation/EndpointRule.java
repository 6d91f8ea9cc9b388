package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.field.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A non-empty {@code endpoint} is an {@code http(s)://host[:port][/path]} URL or a bare
 * {@code host[:port]} (to which the AWS SDK adds {@code https://}); the host is a DNS name, an IPv4
 * address or a bracketed IPv6 address, the port 1 to 65535. {@code http://} is legal but plaintext:
 * a warning.
 */
public final class EndpointRule implements ObjectRule {

    private static final String LABEL = "[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?";
    private static final Pattern ENDPOINT = Pattern.compile(
            "(?:(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?"
                    + "(?<host>\\[[0-9A-Fa-f:.]+\\]|" + LABEL + "(?:\\." + LABEL + ")*\\.?)"
                    + "(?::(?<port>[0-9]{1,5}))?"
                    + "(?<path>/[A-Za-z0-9._~!$&()*+,;=:@%/-]*)?");
    static final String FORM = "must be an http(s)://host[:port][/path] URL or a bare host[:port]";

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        vaultServer.dynamoDbText(DynamoDbField.ENDPOINT).filter(HclSafeStringsRule::isSafe).ifPresent(endpoint -> {
            String problem = problemWith(endpoint);
            if (problem != null) {
                findings.error(FieldError.invalid(DynamoDbField.ENDPOINT.path(), endpoint, problem));
            } else if (endpoint.regionMatches(true, 0, "http://", 0, 7)) {
                findings.warning(DynamoDbField.ENDPOINT.path(), "\"" + endpoint + "\" uses plaintext http://:"
                        + " Vault's DynamoDB traffic is not protected by TLS");
            }
        });
    }

    /** What is wrong with an endpoint, or {@code null} when nothing is. */
    static String problemWith(String endpoint) {
        Matcher m = ENDPOINT.matcher(endpoint);
        if (!m.matches()) {
            return FORM + " (no spaces, quotes, user info, query or fragment)";
        }
        String scheme = m.group("scheme");
        if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return "scheme must be http or https, not " + scheme;
        }
        if (scheme == null && m.group("path") != null) {
            return FORM + ": a path needs a scheme, e.g. https://" + endpoint;
        }
        String port = m.group("port");
        if (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            return "port must be 1 to 65535, not " + port;
        }
        return null;
    }
}
