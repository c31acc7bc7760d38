package io.github.webpubsub.localhub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The connections of every hub and the members of every group (a group name means one
 * group within one hub, as in the service). One lock guards it all: joins and leaves come
 * from the connections' threads and from REST calls, lookups from publishers, and each
 * lookup returns a snapshot to send to outside the lock.
 */
final class Connections {

    /** Guarded by this. */
    private final Map<String, HubConnection> byId = new HashMap<>();

    /** Guarded by this. */
    private final Map<GroupKey, Set<HubConnection>> members = new HashMap<>();

    synchronized void add(HubConnection connection) {
        this.byId.put(connection.id(), connection);
    }

    /** Removes a connection that has ended, from the hub and from every group. */
    synchronized void remove(HubConnection connection) {
        if (this.byId.remove(connection.id(), connection)) {
            for (String group : List.copyOf(connection.groups())) {
                leave(connection, group);
            }
        }
    }

    synchronized @Nullable HubConnection find(String hub, String connectionId) {
        HubConnection connection = this.byId.get(connectionId);
        return (connection != null && connection.hub().equals(hub)) ? connection : null;
    }

    synchronized List<HubConnection> all() {
        return List.copyOf(this.byId.values());
    }

    synchronized List<HubConnection> inHub(String hub) {
        return this.byId.values().stream().filter((connection) -> connection.hub().equals(hub)).toList();
    }

    synchronized List<HubConnection> ofUser(String hub, String userId) {
        return this.byId.values()
            .stream()
            .filter((connection) -> connection.hub().equals(hub) && Objects.equals(connection.userId(), userId))
            .toList();
    }

    synchronized List<HubConnection> inGroup(String hub, String group) {
        Set<HubConnection> joined = this.members.get(new GroupKey(hub, group));
        return (joined != null) ? List.copyOf(joined) : List.of();
    }

    /**
     * Adds a connection to a group of its hub; joining twice is harmless, and a
     * connection that ended stays out.
     */
    synchronized void join(HubConnection connection, String group) {
        if (this.byId.get(connection.id()) != connection) {
            return;
        }
        this.members.computeIfAbsent(new GroupKey(connection.hub(), group), (key) -> new LinkedHashSet<>())
            .add(connection);
        connection.groups().add(group);
    }

    /** Removes a connection from a group; leaving a group not joined is harmless. */
    synchronized void leave(HubConnection connection, String group) {
        connection.groups().remove(group);
        GroupKey key = new GroupKey(connection.hub(), group);
        Set<HubConnection> joined = this.members.get(key);
        if (joined != null && joined.remove(connection) && joined.isEmpty()) {
            // A group exists while it has members.
            this.members.remove(key);
        }
    }

    synchronized void leaveAll(HubConnection connection) {
        for (String group : new ArrayList<>(connection.groups())) {
            leave(connection, group);
        }
    }

    private record GroupKey(String hub, String group) {
    }

}
