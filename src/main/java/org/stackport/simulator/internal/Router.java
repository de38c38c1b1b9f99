package org.stackport.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Route templates such as {@code /compute/v2.1/servers/{id}} matched against request paths. */
public final class Router {

    /** A registered route. {@code authenticated} routes need a valid X-Auth-Token. */
    public record Route(String method, String template, Pattern pattern, List<String> names, boolean authenticated,
                        Handler handler) {

        public String key() {
            return method + " " + template;
        }
    }

    public record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public void add(String method, String template, Handler handler) {
        add(method, template, true, handler);
    }

    public void add(String method, String template, boolean authenticated, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([a-zA-Z_]+)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, template, Pattern.compile(regex + "/?"), names, authenticated, handler));
    }

    /** The route for a method and path; empty when nothing matches. {@code pathMatched} tells 404 from 405. */
    public Optional<Match> match(String method, String path, boolean[] pathMatched) {
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathMatched[0] = true;
            if (!r.method().equals(method)) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < r.names().size(); i++) {
                params.put(r.names().get(i), m.group(i + 1));
            }
            return Optional.of(new Match(r, params));
        }
        return Optional.empty();
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }
}
