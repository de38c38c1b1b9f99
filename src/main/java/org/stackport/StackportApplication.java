package org.stackport;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;
import com.vaadin.flow.component.dependency.StyleSheet;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.stackport.cli.StackportCommand;

/**
 * Stackport: one jar that is the web console, the REST API and the command line.
 * With no arguments (or only Spring {@code --property=value} options) it starts the server;
 * otherwise the arguments are a command (see {@code --help}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet("styles.css")
public class StackportApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        if (StackportCommand.isServerInvocation(args)) {
            startServer(StackportCommand.serverArguments(args));
        } else {
            System.exit(StackportCommand.run(args, StackportApplication::startServer));
        }
    }

    public static void startServer(String[] args) {
        SpringApplication.run(StackportApplication.class, args);
    }

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Stackport");
    }
}
