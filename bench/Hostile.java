import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Hostile clients for bench/hostile.sh: IDLE TLS connections that complete the handshake and then send nothing,
 * and SLOW clients that send a review's headers and then its body at one byte a second. Holds them for SECONDS,
 * then prints how many idle connections the server still held and when (and how) each slow body was cut off.
 *
 *   java bench/Hostile.java HOST PORT IDLE SLOW SECONDS
 */
public class Hostile {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int idle = Integer.parseInt(args[2]);
        int slow = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String type) {}
            public void checkServerTrusted(X509Certificate[] chain, String type) {}
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);

        List<SSLSocket> idleSockets = new ArrayList<>();
        for (int i = 0; i < idle; i++) {
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
            socket.startHandshake();
            idleSockets.add(socket);
        }
        System.out.printf("hostile: %d idle TLS connections open%n", idleSockets.size());
        System.out.flush();

        ConcurrentLinkedQueue<String> cut = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(slow);
        for (int i = 0; i < slow; i++) {
            Thread client = new Thread(() -> {
                long started = System.nanoTime();
                try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port)) {
                    socket.setSoTimeout(1000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = socket.getInputStream();
                    out.write(("POST /validate HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    byte[] answer = new byte[512];
                    while ((System.nanoTime() - started) / 1_000_000_000L < seconds) {
                        out.write('{');
                        out.flush();
                        try {
                            int n = in.read(answer);
                            String head = n > 0 ? new String(answer, 0, Math.min(n, 12), StandardCharsets.US_ASCII) : "closed";
                            cut.add(String.format("%.1f s %s", (System.nanoTime() - started) / 1e9, head.trim()));
                            return;
                        } catch (java.net.SocketTimeoutException stillOpen) {
                            // no answer yet: one more byte
                        }
                    }
                    cut.add("never cut");
                } catch (Exception e) {
                    cut.add(String.format("%.1f s %s", (System.nanoTime() - started) / 1e9, e.getClass().getSimpleName()));
                } finally {
                    done.countDown();
                }
            });
            client.setDaemon(true);
            client.start();
        }
        done.await();
        int stillOpen = 0;
        for (SSLSocket socket : idleSockets) {
            try {
                socket.setSoTimeout(1);
                socket.getInputStream().read();
            } catch (java.net.SocketTimeoutException open) {
                stillOpen++;
            } catch (Exception closed) {
                // closed by the server
            }
        }
        System.out.printf("hostile: %d of %d idle connections still open after %d s%n", stillOpen, idle, seconds);
        cut.stream().sorted().collect(java.util.stream.Collectors.groupingBy(s -> s.replaceAll("^[0-9.]+ s ", ""),
                java.util.TreeMap::new, java.util.stream.Collectors.toList())).forEach((how, list) ->
                System.out.printf("hostile: %d slow bodies ended by \"%s\" after %s to %s%n", list.size(), how,
                        list.get(0).split(" s ")[0] + " s", list.get(list.size() - 1).split(" s ")[0] + " s"));
        for (SSLSocket socket : idleSockets) {
            socket.close();
        }
    }
}
