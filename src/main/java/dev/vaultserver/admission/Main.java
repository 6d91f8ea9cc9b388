package dev.vaultserver.admission;

import dev.vaultserver.admission.cli.Cli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.PrintWriter;

/**
 * One artifact, two uses: with no arguments it serves the webhook (Quarkus starts, HTTPS is bound);
 * with arguments it runs a command ({@code check}, {@code audit}, {@code --help}) in plain Java, before
 * and without Quarkus: no HTTP server, no port.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length == 0) {
            Quarkus.run(args);
            return;
        }
        System.setProperty("org.jboss.logging.provider", "jdk");
        int exit = Cli.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(exit);
    }
}
