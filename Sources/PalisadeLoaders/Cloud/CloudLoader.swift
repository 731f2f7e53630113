import PalisadeCore

/// The cloud phase's one loader: a scan's Terraform files and CloudFormation templates, evaluated
/// each in their own way, end in one `CloudModel` over one `CloudSources` table (Terraform's
/// files first, then one entry per template), so cloud rules see every declared resource at once.
public enum CloudLoader {
    public struct Loaded: Sendable {
        public var model: CloudModel
        public var diagnostics: [Diagnostic]
        /// Suppression comments placed, with the resource whose findings each may accept.
        public var suppressions: [(holder: ObjectRef, comment: SuppressionComment)]
    }

    /// Evaluates `terraform` by module folder (local modules outside the scan read from disk,
    /// their project paths relative to `root`) and every template, and reads them into the model.
    public static func load(terraform: [TerraformFile], cloudFormation: [CloudFormationTemplate] = [],
                            root: String?, maxFileSize: Int, workers: Int = 2) -> Loaded {
        let hcl = terraform.isEmpty ? TerraformLoader.Evaluated()
            : TerraformLoader.evaluate(terraform, root: root, maxFileSize: maxFileSize, workers: workers)
        var sources = hcl.sources
        var templates = CloudFormationLoader.Evaluated()
        if !cloudFormation.isEmpty {
            sources = CloudSources(hcl.sources.files + cloudFormation.map { CloudSources.File(display: $0.display, projectPath: $0.projectPath) })
            templates = CloudFormationLoader.evaluate(cloudFormation, firstFile: Int32(hcl.sources.files.count), sources: sources)
        }
        let model = CloudAdapter.model(hcl.resources + templates.resources, sources: sources)
        return Loaded(model: model, diagnostics: hcl.diagnostics + templates.diagnostics, suppressions: hcl.suppressions + templates.suppressions)
    }
}
