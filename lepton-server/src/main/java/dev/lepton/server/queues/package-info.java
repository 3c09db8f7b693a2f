/** The queues API: queues with quotas, cohorts that lend idle quota, and the quota book the scheduler reads. */
package dev.lepton.server.queues;
