import PalisadeCore
import Testing

@Suite("Workload helpers")
struct WorkloadHelperTests {
    @Test("HostPaths normalises paths and knows node takeover paths and runtime sockets")
    func hostPaths() {
        #expect(HostPaths.normalized("/var//run/./docker.sock/") == "/var/run/docker.sock")
        #expect(HostPaths.normalized("/etc/kubernetes/../..") == "/")
        #expect(HostPaths.normalized("{{ .Values.path }}") == "{{ .Values.path }}")
        #expect(HostPaths.isNodeTakeover("/"))
        #expect(HostPaths.isNodeTakeover("/etc/"))
        #expect(HostPaths.isNodeTakeover("/etc/kubernetes/manifests"))
        #expect(HostPaths.isNodeTakeover("/var/lib/kubelet/pods"))
        #expect(!HostPaths.isNodeTakeover("/var/log"))
        #expect(!HostPaths.isNodeTakeover("/etc/ssl/certs"))
        #expect(!HostPaths.isNodeTakeover("/etc/kubernetes-backup"))
        #expect(HostPaths.isRuntimeSocket("/run/containerd/containerd.sock"))
        #expect(HostPaths.isRuntimeSocket(#"\\.\pipe\docker_engine"#))
        #expect(!HostPaths.isRuntimeSocket("/var/run"))
        #expect(HostPaths.exposesRuntimeSocket("/var/run"))
        #expect(HostPaths.exposesRuntimeSocket("/"))
        #expect(!HostPaths.exposesRuntimeSocket("/var/lib"))
    }

    @Test("Security-context settings: the container's own first, then the pod's, nested keys merged per field")
    func effectiveSettings() throws {
        let objects = Support.objects("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              template:
                metadata:
                  annotations: {a: b}
                spec:
                  securityContext:
                    runAsGroup: 0
                    windowsOptions: {hostProcess: true, runAsUserName: x}
                  containers:
                    - name: own
                      image: app:1.0
                      securityContext:
                        runAsGroup: 1000
                        windowsOptions: {runAsUserName: y}
                    - name: inherits
                      image: app:1.0
                    - name: helm
                      image: app:1.0
                      securityContext: "{{ toYaml .Values.sc }}"
            """)
        let object = try #require(objects.first)
        let pod = try #require(object.podSpec)
        let own = pod.containers[0], inherits = pod.containers[1], helm = pod.containers[2]
        let ownGroup = try #require(pod.setting("runAsGroup", for: own))
        #expect(ownGroup.value.int == 1000 && !ownGroup.isPodLevel)
        #expect(ownGroup.path == "spec.template.spec.containers[own].securityContext.runAsGroup")
        let inherited = try #require(pod.setting("runAsGroup", for: inherits))
        #expect(inherited.value.int == 0 && inherited.isPodLevel)
        #expect(inherited.path == "spec.template.spec.securityContext.runAsGroup")
        // windowsOptions merge field by field: the container's runAsUserName, the pod's hostProcess.
        let hostProcess = try #require(pod.setting("windowsOptions", "hostProcess", for: own))
        #expect(hostProcess.isPodLevel && hostProcess.value.bool == true)
        #expect(helm.hasOpaqueSecurityContext())
        #expect(!own.hasOpaqueSecurityContext("capabilities"))
        #expect(object.podAnnotation("a")?.path == "spec.template.metadata.annotations[a]")
        #expect(ContainerList.phrase(["a"]) == "container 'a'")
        #expect(ContainerList.subject((1...7).map { "c\($0)" }) == "Containers 'c1', 'c2', 'c3', 'c4', 'c5' and 2 more")
    }
}
