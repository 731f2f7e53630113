import PalisadeCore

/// Workload security-context rules: capabilities, file system, seccomp, AppArmor, SELinux, /proc,
/// sysctls, process and port sharing, groups and Windows HostProcess.
enum WorkloadRules {
    static let all: [any KubernetesRule] = [
        DangerousCapability(),
        CapabilitiesNotDropped(),
        WritableRootFilesystem(),
        UnconfinedProfile.seccomp,
        SeccompNotSet(),
        UnconfinedProfile.appArmor,
        SELinuxOptions(),
        ProcMountUnmasked(),
        UnsafeSysctls(),
        ShareProcessNamespace(),
        HostPort(),
        RunAsRootGroup(),
        WindowsHostProcess(),
    ]
}
