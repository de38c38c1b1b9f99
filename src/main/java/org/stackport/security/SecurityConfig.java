package org.stackport.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.stackport.shared.StackportProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Three filter chains: the REST API and actuator (stateless, {@code ApiKey} header, problem+json on 401/403),
 * the API documentation (public), and the console (Vaadin, form login with a session).
 */
@Configuration(proxyBeanMethods = false)
// JSR-250 stays off: it would proxy the views, whose @RolesAllowed is for Vaadin navigation only.
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AccountDirectory directory) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .addFilterBefore(new ApiKeyAuthenticationFilter(directory), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Roles.TENANT_ADMIN)
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> ProblemWriter.write(res, 401, "Unauthorized",
                                "Send a valid API key in the '" + ApiKeyAuthenticationFilter.HEADER + "' header."))
                        .accessDeniedHandler((req, res, ex) -> ProblemWriter.write(res, 403, "Forbidden",
                                "Your role does not allow this.")));
        return http.build();
    }

    /** Gateway agents: they authenticate with their gateway's token in the WebSocket handshake, not as users. */
    @Bean
    @Order(2)
    SecurityFilterChain gatewayAgentChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/gateway/agent/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiDocsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain consoleChain(HttpSecurity http) throws Exception {
        // Any other address is for signed-in users (Vaadin's default denies it outright: a bare 403 instead of the
        // console's not-found page).
        http.with(VaadinSecurityConfigurer.vaadin(), c -> c.loginView(LoginView.class)
                .anyRequest(AuthorizeHttpRequestsConfigurer.AuthorizedUrl::authenticated));
        http.addFilterBefore(new CrossSiteSignInGuard("/login"), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The console's security headers on every response outside the REST API: in a servlet filter rather than the
     * console's filter chain, because Vaadin serves its sign-in page and static files outside that chain.
     */
    @Bean
    FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
        FilterRegistrationBean<ConsoleHeaders> r = new FilterRegistrationBean<>(new ConsoleHeaders());
        r.addUrlPatterns("/*");
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        r.setName("consoleHeaders");
        return r;
    }

    @Bean
    FilterRegistrationBean<RelativeRedirects> relativeRedirects(StackportProperties properties) {
        FilterRegistrationBean<RelativeRedirects> r = new FilterRegistrationBean<>(
                new RelativeRedirects(properties.publicUrl()));
        r.addUrlPatterns("/*");
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        r.setName("relativeRedirects");
        return r;
    }

    /** Console logins through the throttle (per name and address). */
    @Bean
    AuthenticationProvider consoleLogins(PasswordEncoder encoder, LoginThrottle throttle, AccountDirectory directory) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(consoleUsers(directory));
        passwords.setPasswordEncoder(encoder);
        return new ThrottledLogins(passwords, throttle, directory);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Console logins; throttling happens before ({@link ThrottledLogins}). */
    private static UserDetailsService consoleUsers(AccountDirectory directory) {
        return username -> directory.findLoginAccount(username)
                .map(a -> {
                    List<GrantedAuthority> authorities = new ArrayList<>();
                    authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.USER));
                    if (a.tenantAdmin()) {
                        authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.TENANT_ADMIN));
                    }
                    return User.withUsername(a.username()).password(a.passwordHash())
                            .authorities(authorities).build();
                })
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }
}
