import PalisadeCore

extension PodSecurityControl {
    /// The volume sources the restricted profile allows (`image` since Kubernetes 1.33).
    static let restrictedVolumeSources: Set<String> = [
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    ]

    /// Restricted "Volume Types": only core volume types; the rest must come through PersistentVolumes.
    public static let restrictedVolumeTypes = make(
        level: .restricted, control: "Volume Types", slug: "volume-types",
        title: "Pod Security Standards restricted: volume type outside the allowed set",
        severity: .medium, pattern: .lateralMovement, controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1552"],
        consequence: "the pod mounts storage directly, with credentials and access the cluster's PersistentVolume policies never see",
        rationale: """
            Inline volume sources such as nfs, iscsi, rbd, cephfs, gitRepo or flexVolume let a pod mount \
            storage (or run a node-side driver) by itself, often with credentials in the pod spec and \
            with the node's access to the storage network; gitRepo even runs git on the node. The \
            restricted profile allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, \
            persistentVolumeClaim, projected and secret volumes (other storage comes through a \
            PersistentVolumeClaim). A volume without a source is an emptyDir. hostPath is reported by \
            k8s-pss-baseline-hostpath-volumes, which the restricted profile runs too, so it is not \
            reported twice.
            """,
        remediation: "Mount storage through a persistentVolumeClaim (or csi / ephemeral volumes) instead of an inline volume source.",
        references: ["https://kubernetes.io/docs/concepts/storage/volumes/"],
        extra: { control, object, pod, report in
            for volume in pod.volumes {
                let entries = volume.node.entries ?? []
                let sources = entries.filter { $0.key.string != "name" && !$0.value.isNull }
                if sources.contains(where: { restrictedVolumeSources.contains($0.key.string ?? "") }) { continue }
                guard let source = sources.first(where: { $0.key.string != "hostPath" }), let type = source.key.string else { continue }
                report.report(
                    source.key.range, path: "\(volume.path).\(type)",
                    message: "\(subject(object)) mounts volume '\(volume.node["name"]?.string ?? "")' of type \(type), which the Pod Security Standards restricted profile forbids (Volume Types): \(control.consequence)."
                )
            }
        },
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  containers:
                    - name: api
                      image: api:1.0
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: api-data
                    - name: config
                      configMap: {name: api}
                    - name: token
                      projected:
                        sources:
                          - serviceAccountToken: {path: token}
                    - name: scratch
                    - name: model
                      image:
                        reference: registry.example.com/models/llm:1.0
                    - name: cache
                      ephemeral:
                        volumeClaimTemplate:
                          spec:
                            accessModes: [ReadWriteOnce]
                            resources: {requests: {storage: 1Gi}}
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: legacy
            spec:
              containers:
                - name: app
                  image: app:1.0
              volumes:
                - name: shared
                  ↓nfs:
                    server: nfs.example.com
                    path: /exports/shared
                - name: site
                  ↓gitRepo:
                    repository: https://git.example.com/site.git
                - name: logs
                  hostPath:
                    path: /var/log
                - name: secret
                  secret:
                    secretName: app
            """,
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: ceph-client
            spec:
              template:
                spec:
                  containers:
                    - name: client
                      image: client:1.0
                  volumes:
                    - name: disk
                      ↓rbd: {monitors: ["10.0.0.1:6789"], image: disk, pool: kube}
            """,
        ]
    )
}
