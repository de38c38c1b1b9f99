/** Clusters of a project: the aggregate, its services and views (the cluster wizard arrives with its issue). */
package org.stackport.cluster;
