import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

/**
 * The Lease creates of {@link LeaseCreates} with no HTTP client at all: one TLS socket from the JDK (JSSE, the same
 * TLS code fabric8's client runs on) and each HTTP/1.1 request written in one go by the calling thread, which reads
 * the answer itself. It tells Java's TLS apart from the HTTP client above it (bench/claim-writes.sh). Prints as
 * {@link LeaseCreates} does. Arguments: API_SERVER_URL TOKEN CA_FILE NAMESPACE WARMUP N.
 */
public class LeaseCreatesOverSocket {

    public static void main(String[] args) throws Exception {
        URI server = URI.create(args[0]);
        String namespace = args[3];
        int warmup = Integer.parseInt(args[4]);
        int n = Integer.parseInt(args[5]);
        try (SSLSocket socket = (SSLSocket) trusting(Path.of(args[2])).getSocketFactory().createSocket(server.getHost(), server.getPort())) {
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            System.out.println("JSSE socket, no HTTP client (" + socket.getSession().getProtocol() + ", " + socket.getSession().getCipherSuite() + ")");
            for (int i = 0; i < warmup + n; i++) {
                byte[] body = ("{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"socket-" + i
                        + "\"},\"spec\":{\"holderIdentity\":\"bench/" + i + "\"}}").getBytes(StandardCharsets.UTF_8);
                byte[] head = ("POST /apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases HTTP/1.1\r\nHost: " + server.getAuthority()
                        + "\r\nAuthorization: Bearer " + args[1] + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                long started = System.nanoTime();
                out.write(head);
                out.write(body);
                out.flush();
                int status = readAnswer(in);
                if (status != 201) {
                    throw new IllegalStateException("a Lease create answered " + status);
                }
                if (i >= warmup) {
                    System.out.println((System.nanoTime() - started) / 1e6);
                }
            }
        }
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Reads one answer (its head, then a Content-Length body, as the API server sends for a create); returns its status. */
    private static int readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            head.append((char) c);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                break;
            }
        }
        int length = -1;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length: " + head);
        }
        in.readNBytes(length);
        return Integer.parseInt(head.substring(9, 12));
    }
}
