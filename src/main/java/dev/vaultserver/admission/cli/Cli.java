package dev.vaultserver.admission.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.logging.Level;

/** The commands of the same artifact that serves the webhook: {@code check} and {@code audit}. */
@Command(name = "vaultserver-admission", mixinStandardHelpOptions = true, version = "vaultserver-admission 0.1.0",
        description = "Run with no arguments to serve the webhook; or one of these commands:",
        subcommands = {CheckCommand.class, AuditCommand.class, DoctorCommand.class})
public final class Cli implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final int ALLOWED = 0;
    static final int DENIED = 1;
    static final int UNREADABLE = 2;

    private Cli() {
    }

    /** Runs a command line (no HTTP server is started, no port is bound) and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(System.in, out, err, args);
    }

    /** The same, with what {@code check -f -} reads. */
    public static int run(InputStream stdin, PrintWriter out, PrintWriter err, String... args) {
        // The commands print reports; library log lines (e.g. the webhook's denial log) would only be noise.
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
        return commandLine(stdin, out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(System.in, out, err);
    }

    /** The command line with its streams and its error handling: every failure is exit code 2 with a message. */
    static CommandLine commandLine(InputStream stdin, PrintWriter out, PrintWriter err) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = defaults.create(type);
                if (made instanceof CheckCommand check) {
                    check.stdin = stdin;
                }
                return made;
            }
        };
        CommandLine commandLine = new CommandLine(new Cli(), factory)
                .setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            err.println("error: " + e.getMessage());
            return UNREADABLE;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            err.println("error: " + e.getMessage());
            e.getCommandLine().usage(err);
            return UNREADABLE;
        });
        return commandLine;
    }

    /** No command named: say which there are. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return UNREADABLE;
    }
}
