/** Private cloud gateways: Stackport's way into one OpenStack region (arrives with its issue). */
package org.stackport.gateway;
