/**
 * The Client URL Generator, as in the Azure portal, for administrators: a page
 * ({@code static/generator/}) and the API behind it, which issues URLs through the
 * application's {@code ClientUrlFactory}.
 */
@NullMarked
package io.github.webpubsub.sample.generator;

import org.jspecify.annotations.NullMarked;
