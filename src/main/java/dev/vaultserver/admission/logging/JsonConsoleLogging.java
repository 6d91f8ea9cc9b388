package dev.vaultserver.admission.logging;

import dev.vaultserver.admission.config.AdmissionConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Singleton;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.FileHandler;

import java.util.logging.Handler;
import java.util.logging.LogManager;

/**
 * JSON logging by a setting ({@code vaultserver-admission.log.json=true}, or
 * {@code VAULTSERVER_ADMISSION_LOG_JSON=true}): one JSON object per line on the console (and in a log
 * file, if one is configured), with the log context (a
 * denial's namespace, name, fields and causes under {@code mdc}) as fields. It puts JBoss LogManager's
 * own {@link JsonFormatter} on those handlers as the application starts, so the few lines Quarkus
 * logs before that are still text. (The {@code quarkus-logging-json} extension would do this at boot,
 * but its build-time artifact is not on the Maven mirror this project builds from.)
 */
@Singleton
public class JsonConsoleLogging {

    void onStart(@Observes @Priority(ObserverMethod.DEFAULT_PRIORITY - 500) StartupEvent event, AdmissionConfig config) {
        if (config.log().json()) {
            int switched = useJson(LogManager.getLogManager().getLogger("").getHandlers());
            org.jboss.logging.Logger.getLogger(JsonConsoleLogging.class).infof("JSON console logging on (%d handler(s))", switched);
        }
    }

    public static int useJson(Handler[] handlers) {
        int switched = 0;
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler || handler instanceof FileHandler) {
                JsonFormatter formatter = new JsonFormatter();
                formatter.setPrintDetails(false);
                handler.setFormatter(formatter);
                switched++;
            } else if (handler instanceof ExtHandler nested) {
                switched += useJson(nested.getHandlers());
            }
        }
        return switched;
    }
}
