/**
 * Cloud accounts: credentials for one OpenStack project, checked against Keystone before they are stored,
 * the password encrypted at rest and never shown again; a permission report and a live inventory.
 */
package org.stackport.account;
