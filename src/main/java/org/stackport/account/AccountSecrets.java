package org.stackport.account;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.stackport.account.internal.CloudAccountRepository;
import org.stackport.openstack.CloudCredentials;
import org.stackport.security.SecretCipher;

/**
 * Credentials for background jobs (gateway health, provisioning), which run without a signed-in user.
 * Never expose what this returns to a person.
 */
@Component
public class AccountSecrets {

    private final CloudAccountRepository accounts;
    private final SecretCipher cipher;
    private final GatewayDirectory gateways;

    AccountSecrets(CloudAccountRepository accounts, SecretCipher cipher, GatewayDirectory gateways) {
        this.accounts = accounts;
        this.cipher = cipher;
        this.gateways = gateways;
    }

    /** The status of the gateway the account reaches its cloud through (empty when it names none). */
    public Optional<String> gatewayStatus(long tenantId, String accountName) {
        return accounts.findByTenantIdAndName(tenantId, accountName).filter(a -> a.gateway() != null)
                .flatMap(a -> gateways.status(tenantId, a.gateway()));
    }

    public Optional<CloudCredentials> credentials(long tenantId, String accountName) {
        return accounts.findByTenantIdAndName(tenantId, accountName).map(a -> CloudAccountService.credentials(a,
                cipher.decrypt(a.passwordSecret())));
    }
}
