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

    AccountSecrets(CloudAccountRepository accounts, SecretCipher cipher) {
        this.accounts = accounts;
        this.cipher = cipher;
    }

    public Optional<CloudCredentials> credentials(long tenantId, String accountName) {
        return accounts.findByTenantIdAndName(tenantId, accountName).map(a -> CloudAccountService.credentials(a,
                cipher.decrypt(a.passwordSecret())));
    }
}
