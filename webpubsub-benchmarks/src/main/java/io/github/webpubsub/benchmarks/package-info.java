/**
 * JMH benchmarks of token issuing, this project's against the official Java SDK's, side
 * by side in one run ({@code BENCHMARKS.md} has the commands and the results).
 */
package io.github.webpubsub.benchmarks;
