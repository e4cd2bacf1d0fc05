/** Domain events written to the transactional outbox in the transaction of the change that causes them. */
package dev.verdict.event;
