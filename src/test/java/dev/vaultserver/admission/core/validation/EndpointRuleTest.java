package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.dynamoDb;

class EndpointRuleTest {

    private static final String E = "spec.backend.dynamodb.endpoint: Invalid value: ";
    private static final String FORM = ": must be an http(s)://host[:port][/path] URL or a bare host[:port]";
    private static final String NO_MATCH = FORM + " (no spaces, quotes, user info, query or fragment)";
    private static final String PLAINTEXT = "uses plaintext http://";

    static Stream<Arguments> cases() {
        return RuleCase.forBothVersions(
                dynamoDb("unset", "{}"),
                dynamoDb("empty", "{'endpoint': ''}"),
                dynamoDb("https URL", "{'endpoint': 'https://dynamodb.us-east-1.amazonaws.com'}"),
                dynamoDb("https with port and path", "{'endpoint': 'https://alternator.example.com:8043/dynamodb'}"),
                dynamoDb("bare host", "{'endpoint': 'dynamodb.local'}"),
                dynamoDb("bare host and port", "{'endpoint': 'dynamodb-local:8000'}"),
                dynamoDb("IPv4 and port", "{'endpoint': 'https://10.0.0.5:8000'}"),
                dynamoDb("IPv6", "{'endpoint': 'https://[fd00::5]:8000'}"),
                dynamoDb("underscore host (compose service names)", "{'endpoint': 'https://dynamodb_local:8000'}"),
                dynamoDb("upper-case scheme", "{'endpoint': 'HTTPS://dynamodb.local'}"),
                dynamoDb("http warns", "{'endpoint': 'http://localstack:4566'}").warnings("spec.backend.dynamodb.endpoint: \"http://localstack:4566\" " + PLAINTEXT),
                dynamoDb("HTTP warns too", "{'endpoint': 'HTTP://localstack'}").warnings(PLAINTEXT),
                dynamoDb("ftp scheme", "{'endpoint': 'ftp://dynamodb.local'}").errors(E + "\"ftp://dynamodb.local\": scheme must be http or https, not ftp"),
                dynamoDb("port 0", "{'endpoint': 'https://h:0'}").errors(E + "\"https://h:0\": port must be 1 to 65535, not 0"),
                dynamoDb("port 65536", "{'endpoint': 'h:65536'}").errors(E + "\"h:65536\": port must be 1 to 65535, not 65536"),
                dynamoDb("bare host with a path", "{'endpoint': 'h/path'}").errors(E + "\"h/path\"" + FORM + ": a path needs a scheme, e.g. https://h/path"),
                dynamoDb("a space", "{'endpoint': 'https://my host'}").errors(E + "\"https://my host\"" + NO_MATCH),
                dynamoDb("user info", "{'endpoint': 'https://user:pw@h'}").errors(E + "\"https://user:pw@h\"" + NO_MATCH),
                dynamoDb("a query", "{'endpoint': 'https://h/?a=b'}").errors(E + "\"https://h/?a=b\"" + NO_MATCH),
                dynamoDb("single quote", "{'endpoint': \"https://h/'x\"}").errors(E + "\"https://h/'x\"" + NO_MATCH),
                dynamoDb("no host", "{'endpoint': 'https://'}").errors(E + "\"https://\"" + NO_MATCH),
                dynamoDb("non-numeric port", "{'endpoint': 'h:http'}").errors(E + "\"h:http\"" + NO_MATCH),
                dynamoDb("quotes are the HCL rule's", "{'endpoint': 'h\\\"'}"),
                // 3,000 labels once overflowed the stack of a regular expression (one recursion per label): refused by length.
                dynamoDb("3,000 labels", "{'endpoint': 'https://" + "a.".repeat(3000) + "example'}")
                        .errors(E + "\"https://" + "a.".repeat(55) + "a...(5897 more characters): must be at most 2048 characters (it has 6015)"),
                dynamoDb("1,000 labels within the length", "{'endpoint': 'https://" + "a.".repeat(1000) + "example'}"),
                dynamoDb("a label ending in a hyphen", "{'endpoint': 'https://a-.example'}").errors(E + "\"https://a-.example\"" + NO_MATCH),
                dynamoDb("an empty label", "{'endpoint': 'https://a..example'}").errors(E + "\"https://a..example\"" + NO_MATCH),
                dynamoDb("a trailing dot", "{'endpoint': 'https://dynamodb.local.:8000'}"),
                dynamoDb("IPv6 without its bracket", "{'endpoint': 'https://[fd00::5:8000'}").errors(E + "\"https://[fd00::5:8000\"" + NO_MATCH),
                dynamoDb("a port of six digits", "{'endpoint': 'h:123456'}").errors(E + "\"h:123456\"" + NO_MATCH));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("cases")
    void checksEndpoints(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new EndpointRule(), version);
    }
}
