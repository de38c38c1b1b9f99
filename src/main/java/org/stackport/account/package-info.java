/** Cloud accounts: credentials for an OpenStack project, validation and inventory (arrives with its issue). */
package org.stackport.account;
