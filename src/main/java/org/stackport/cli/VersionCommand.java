package org.stackport.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class, description = "Prints the Stackport version.")
class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Stackport " + version());
    }

    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "development build";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("build.version", "unknown") + " (built " + p.getProperty("build.time", "?") + ")";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Stackport " + version()};
        }
    }
}
