package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.core.policy.PolicyException;
import dev.vaultserver.admission.core.policy.PolicyReader;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.core.policy.TenantPolicy;
import dev.vaultserver.admission.checkaudit.report.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --policy FILE} of {@code check} and {@code audit}: the webhook's tenant policy file format. */
final class PolicyOption {

    /** A policy file that cannot be read or is not a valid policy. */
    static final class UnreadablePolicy extends Exception {

        private final InputError error;

        UnreadablePolicy(InputError error) {
            super(error.describe());
            this.error = error;
        }

        InputError error() {
            return error;
        }
    }

    private PolicyOption() {
    }

    /** The policy of the file, or no policy when none is given; what is legal but probably not meant goes to {@code warnings}. */
    static PolicySource read(Path file, java.io.PrintWriter warnings) throws UnreadablePolicy {
        if (file == null) {
            return PolicySource.NONE;
        }
        try {
            TenantPolicy policy = PolicyReader.read(file.toString(), Files.readString(file));
            policy.warnings().forEach(w -> warnings.println("warning: " + file + ": " + w));
            warnings.flush();
            return PolicySource.fixed(policy);
        } catch (PolicyException e) {
            throw new UnreadablePolicy(InputError.of(e.getMessage()));
        } catch (IOException e) {
            throw new UnreadablePolicy(new InputError(file.toString(), null, null, "cannot read the policy file: " + e));
        }
    }
}
