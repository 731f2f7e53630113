/// Node paths whose exposure to a pod hands over the node.
public enum HostPaths {
    /// The node's root, its configuration, its container runtime and kubelet state. Mounting any of
    /// these (or a folder above them) gives the node away.
    public static let nodeTakeover: Set<String> = [
        "/", "/etc", "/root", "/home", "/proc", "/sys", "/dev", "/boot", "/var", "/run", "/var/run",
        "/var/lib", "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/etc/kubernetes",
        "/var/run/docker.sock", "/run/docker.sock", "/run/containerd", "/var/run/containerd",
        "/run/containerd/containerd.sock", "/var/run/crio", "/var/run/crio/crio.sock", "/usr", "/bin", "/sbin", "/lib",
    ]

    /// Whether mounting `path` from the node hands over the node (trailing slashes ignored; any
    /// `.sock` file is a runtime or agent socket).
    public static func isNodeTakeover(_ path: String) -> Bool {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        return nodeTakeover.contains(String(p)) || p.hasSuffix(".sock")
    }
}
