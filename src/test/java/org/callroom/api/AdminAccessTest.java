package org.callroom.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAccessTest {

    private static final String KEY = "k".repeat(AdminAccess.MIN_KEY_LENGTH);

    @Test
    void onlyTheConfiguredKeyIsAdmitted() {
        AdminAccess access = new AdminAccess(Optional.of(" " + KEY + " "));
        assertTrue(access.admits(KEY));
        assertFalse(access.admits(KEY + "k"));
        assertFalse(access.admits(""));
        assertFalse(access.admits(null));
    }

    @Test
    void withoutAKeyNoBearerIsAdmitted() {
        assertFalse(new AdminAccess(Optional.empty()).admits(KEY));
        assertFalse(new AdminAccess(Optional.of("  ")).admits(""));
    }

    @Test
    void aShortKeyStopsTheDeploymentNamingTheSettingButNotTheKey() {
        String message = assertThrows(IllegalArgumentException.class, () -> new AdminAccess(Optional.of("short-secret"))).getMessage();
        assertTrue(message.contains(AdminAccess.API_KEY) && !message.contains("short-secret"), message);
    }
}
