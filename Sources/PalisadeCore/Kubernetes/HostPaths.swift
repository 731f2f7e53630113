/// What a node path means when a pod mounts it (hostPath): the paths that hand over the node, and
/// the container runtime's sockets. Rules, the estate phase and the attack graph share these lists.
public enum HostPaths {
    /// Paths whose exposure hands over the node: its root, its configuration, its devices, kernel
    /// interfaces, container runtime and kubelet state (or a folder above them).
    public static let nodeTakeover: Set<String> = [
        "/", "/etc", "/root", "/home", "/proc", "/sys", "/dev", "/boot", "/var", "/run", "/var/run",
        "/var/lib", "/var/lib/kubelet", "/var/lib/kubelet/pods", "/var/lib/kubelet/pki", "/var/lib/docker",
        "/var/lib/containerd", "/var/lib/containers", "/var/lib/etcd", "/etc/kubernetes", "/etc/kubernetes/pki",
        "/run/containerd", "/var/run/containerd", "/var/run/crio", "/run/crio", "/usr", "/bin", "/sbin",
        "/lib", "/lib64", "/opt/cni/bin", "/etc/cni", "/etc/cni/net.d", "/etc/systemd", "/etc/sudoers.d",
        "/etc/cron.d", "/var/spool/cron",
    ]

    /// The sockets of the container runtimes Kubernetes nodes run. Whoever can connect to one starts
    /// a privileged container on the node.
    public static let runtimeSockets: Set<String> = [
        "/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock",
        "/var/run/containerd/containerd.sock", "/run/crio/crio.sock", "/var/run/crio/crio.sock",
        "/run/cri-dockerd.sock", "/var/run/cri-dockerd.sock", "/run/podman/podman.sock",
        "/var/run/podman/podman.sock", "/run/k3s/containerd/containerd.sock",
        "/var/snap/microk8s/common/run/containerd.sock",
    ]

    /// Folders a runtime socket lives in: mounting one of them mounts the socket too.
    static let runtimeSocketFolders: Set<String> = [
        "/", "/run", "/var/run", "/run/containerd", "/var/run/containerd", "/run/crio", "/var/run/crio",
        "/run/podman", "/var/run/podman", "/run/k3s", "/run/k3s/containerd", "/var/snap/microk8s/common/run",
    ]

    /// An absolute path with `.`, `..`, repeated and trailing slashes resolved (`/var//run/` is
    /// `/var/run`). Anything else (an empty or templated path) comes back unchanged.
    public static func normalized(_ path: String) -> String {
        guard path.first == "/" else { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Folders whose every descendant hands over the node too: credentials, static pods, boot,
    /// scheduled jobs, the runtime's and kubelet's state, kernel interfaces.
    public static let nodeTakeoverTrees: [String] = [
        "/etc/kubernetes", "/var/lib/kubelet", "/var/lib/etcd", "/var/lib/docker", "/var/lib/containerd",
        "/var/lib/containers", "/root", "/boot", "/etc/systemd", "/etc/cron.d", "/etc/sudoers.d", "/etc/ssh",
        "/proc", "/sys/fs/cgroup", "/sys/kernel", "/opt/cni/bin", "/etc/cni",
    ]

    /// Single files on the node that hand it over.
    static let nodeTakeoverFiles: Set<String> = [
        "/etc/passwd", "/etc/shadow", "/etc/sudoers", "/etc/crontab", "/etc/ld.so.preload", "/dev/mem",
        "/dev/kmem", "/dev/kmsg",
    ]

    /// Whether mounting `path` (a folder above the node's sensitive files, one of them, or inside a
    /// sensitive tree such as `/etc/kubernetes/manifests`) hands over the node.
    public static func isNodeTakeover(_ path: String) -> Bool {
        let p = normalized(path)
        if nodeTakeover.contains(p) || nodeTakeoverFiles.contains(p) || isRuntimeSocket(p) { return true }
        return nodeTakeoverTrees.contains { p.hasPrefix($0 + "/") }
    }

    /// Whether `path` is a container runtime socket: a known one, any `*.sock`, or on Windows nodes
    /// the Docker or containerd named pipe (`\\.\pipe\docker_engine`).
    public static func isRuntimeSocket(_ path: String) -> Bool {
        let p = normalized(path)
        if runtimeSockets.contains(p) || p.hasSuffix(".sock") { return true }
        let lower = p.lowercased()
        return lower.hasPrefix("\\\\.\\pipe\\") && (lower.contains("docker_engine") || lower.contains("containerd"))
    }

    /// Whether mounting `path` gives the pod a runtime socket: the socket itself or a folder it lives
    /// in. A read-only mount does not help: connecting to a Unix socket is not a write to the file
    /// system, so the socket answers through a read-only mount too.
    public static func exposesRuntimeSocket(_ path: String) -> Bool {
        let p = normalized(path)
        return isRuntimeSocket(p) || runtimeSocketFolders.contains(p)
    }
}
