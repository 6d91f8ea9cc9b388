package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The VaultServer resource of each API version, given explicitly so that no discovery call is needed to use it. */
public final class VaultServerResources {

    public static final String PLURAL = "vaultservers";

    private VaultServerResources() {
    }

    public static ResourceDefinitionContext of(VaultServerVersion version) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(VaultServerVersion.GROUP).withVersion(version.versionName())
                .withKind(VaultServerVersion.KIND).withPlural(PLURAL).withNamespaced(true).build();
    }
}
