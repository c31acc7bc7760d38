package io.github.webpubsub.sample.generator;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the Client URL Generator page, {@code static/generator/index.html}, at
 * {@code /generator}.
 */
@Configuration(proxyBeanMethods = false)
class GeneratorPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/generator").setViewName("forward:/generator/index.html");
    }

}
