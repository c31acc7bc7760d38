/**
 * Helpers of the load scripts: a fake Web PubSub REST service with switchable faults for
 * key-less runs, a verifier of the issued tokens, and the report of a fault run.
 */
package io.github.webpubsub.benchmarks.load;
