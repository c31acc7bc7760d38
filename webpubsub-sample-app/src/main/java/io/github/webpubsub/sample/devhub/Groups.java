package io.github.webpubsub.sample.devhub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of every group, per hub (a group name means one group within one hub, as in the service). Safe for
 * concurrent use: joins, leaves and closes come from the connections' threads, lookups from the publishers'.
 */
final class Groups {

    private final Map<GroupKey, Set<HubConnection>> members = new ConcurrentHashMap<>();

    /** Adds a connection to a group of its hub; joining twice is harmless. */
    void join(HubConnection connection, String group) {
        GroupKey key = new GroupKey(connection.hub(), group);
        this.members.compute(key, (k, set) -> {
            Set<HubConnection> joined = (set != null) ? set : ConcurrentHashMap.newKeySet();
            joined.add(connection);
            return joined;
        });
        connection.joinedGroups().add(group);
        if (connection.isClosed()) {
            // The connection closed while joining and leaveAll may have missed this group.
            leave(connection, group);
        }
    }

    /** Removes a connection from a group; leaving a group not joined is harmless. */
    void leave(HubConnection connection, String group) {
        connection.joinedGroups().remove(group);
        // Removing the last member removes the group, atomically with respect to joins.
        this.members.computeIfPresent(new GroupKey(connection.hub(), group), (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** Removes a closed connection from every group it joined. */
    void leaveAll(HubConnection connection) {
        connection.markClosed();
        for (String group : connection.joinedGroups()) {
            leave(connection, group);
        }
    }

    /**
     * Returns the members of a group at this moment.
     * @param hub the hub
     * @param group the group
     * @return a snapshot; empty if nobody is in the group
     */
    Set<HubConnection> members(String hub, String group) {
        Set<HubConnection> joined = this.members.get(new GroupKey(hub, group));
        return (joined != null) ? Set.copyOf(joined) : Set.of();
    }

    /** How many groups have members, in all hubs. */
    int size() {
        return this.members.size();
    }

    private record GroupKey(String hub, String group) {
    }

}
