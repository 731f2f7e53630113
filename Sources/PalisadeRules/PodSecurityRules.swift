import PalisadeCore

/// The Kubernetes Pod Security Standards as rule sets, one rule per control, for `--profile
/// pss-baseline` and `--profile pss-restricted`. They are not in the default catalogue
/// (`BuiltinRules.kubernetes`), whose rules report the same risks in threat terms.
public enum PodSecurityRules {
    /// The baseline profile's controls.
    public static let baseline: [any KubernetesRule] = [
        PodSecurityControl.baselineHostProcess,
        PodSecurityControl.baselineHostNamespaces,
        PodSecurityControl.baselinePrivilegedContainers,
        PodSecurityControl.baselineCapabilities,
        PodSecurityControl.baselineHostPathVolumes,
        PodSecurityControl.baselineHostPorts,
        PodSecurityControl.baselineHostProbes,
        PodSecurityControl.baselineAppArmor,
        PodSecurityControl.baselineSELinux,
        PodSecurityControl.baselineProcMount,
        PodSecurityControl.baselineSeccomp,
        PodSecurityControl.baselineSysctls,
    ]

    /// The controls the restricted profile adds to baseline (restricted = baseline + these).
    public static let restrictedOnly: [any KubernetesRule] = [
        PodSecurityControl.restrictedVolumeTypes,
        PodSecurityControl.restrictedPrivilegeEscalation,
        PodSecurityControl.restrictedRunningAsNonRoot,
        PodSecurityControl.restrictedRunningAsNonRootUser,
        PodSecurityControl.restrictedSeccomp,
        PodSecurityControl.restrictedCapabilities,
        PodSecurityControl.restrictedProcMount,
    ]

    public static var restricted: [any KubernetesRule] { baseline + restrictedOnly }
}
