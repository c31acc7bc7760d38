package io.github.webpubsub.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Where a setting came from, as failure reports and logs name it: a property (or
 * environment variable), the file a property names, or a method of a user-defined
 * connection details bean.
 *
 * @param property the property, or {@code null} for a bean method
 * @param label how messages name the setting
 */
record SettingSource(@Nullable String property, String label) {

    static SettingSource property(String name) {
        return new SettingSource(name, "'" + name + "'");
    }

    static SettingSource file(String property) {
        return new SettingSource(property, "'" + property + "' (the file it names)");
    }

    static SettingSource bean(WebPubSubConnectionDetails details, String method) {
        return new SettingSource(null,
                method + " of the WebPubSubConnectionDetails bean (" + details.getClass().getName() + ")");
    }

    /**
     * Returns where the endpoint of the connection details comes from.
     * @throws WebPubSubConfigurationException if the properties contradict each other
     */
    static SettingSource endpointOf(WebPubSubConnectionDetails details) {
        if (details instanceof PropertiesWebPubSubConnectionDetails properties) {
            return property(properties.endpointProperty());
        }
        return bean(details, "getEndpoint()");
    }

    /**
     * Returns where the access key of the connection details comes from, or would come
     * from in key mode.
     * @throws WebPubSubConfigurationException if the properties contradict each other
     */
    static SettingSource accessKeyOf(WebPubSubConnectionDetails details) {
        if (details instanceof PropertiesWebPubSubConnectionDetails properties) {
            return properties.accessKeyFromFile() ? file(properties.accessKeyProperty())
                    : property(properties.accessKeyProperty());
        }
        return bean(details, "getAccessKey()");
    }

}
