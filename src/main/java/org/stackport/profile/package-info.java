/** Packs and cluster profiles (arrives with its issue). */
package org.stackport.profile;
