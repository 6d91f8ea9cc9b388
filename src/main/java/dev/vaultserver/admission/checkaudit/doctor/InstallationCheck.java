package dev.vaultserver.admission.checkaudit.doctor;

import java.util.List;

/** One concern of an installation, judged on what was read of it. */
interface InstallationCheck {

    /** The IDs of the findings this check can make (a JUnit test case each). */
    List<String> ids();

    List<DoctorFinding> check(Installation installation);
}
