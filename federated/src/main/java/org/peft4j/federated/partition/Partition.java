package org.peft4j.federated.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Which sample indices each client holds. Every index of the dataset appears in exactly one client, ascending. */
public final class Partition {
    private final int[][] clients;

    Partition(List<int[]> clients) {
        this.clients = new int[clients.size()][];
        for (int i = 0; i < this.clients.length; i++) {
            int[] c = clients.get(i).clone();
            Arrays.sort(c);
            this.clients[i] = c;
        }
    }

    public int clientCount() { return clients.length; }

    public int[] indices(int client) { return clients[client].clone(); }

    public int size(int client) { return clients[client].length; }

    public int[] sizes() {
        int[] s = new int[clients.length];
        for (int i = 0; i < s.length; i++) s[i] = clients[i].length;
        return s;
    }

    public List<int[]> all() {
        List<int[]> out = new ArrayList<>();
        for (int[] c : clients) out.add(c.clone());
        return out;
    }
}
