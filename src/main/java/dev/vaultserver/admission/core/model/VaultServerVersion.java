package dev.vaultserver.admission.core.model;

import java.util.Optional;

/** The served versions of {@code kubevault.com} VaultServer that this webhook knows. */
public enum VaultServerVersion {
    V1ALPHA1("v1alpha1"),
    V1ALPHA2("v1alpha2");

    public static final String GROUP = "kubevault.com";
    public static final String KIND = "VaultServer";

    private final String name;

    VaultServerVersion(String name) {
        this.name = name;
    }

    /** The version as it appears in {@code apiVersion}, e.g. {@code v1alpha2}. */
    public String versionName() {
        return name;
    }

    public String apiVersion() {
        return GROUP + "/" + name;
    }

    /** The version of an object's {@code apiVersion} when it is a VaultServer version this webhook knows, e.g. {@code kubevault.com/v1alpha2}. */
    public static Optional<VaultServerVersion> ofApiVersion(String apiVersion) {
        return apiVersion != null && apiVersion.startsWith(GROUP + "/") ? of(apiVersion.substring(GROUP.length() + 1)) : Optional.empty();
    }

    public static Optional<VaultServerVersion> of(String version) {
        for (VaultServerVersion v : values()) {
            if (v.name.equals(version)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
