import PalisadeCore

/// The cloud phase's one loader: a scan's Terraform files, plans and CloudFormation templates,
/// evaluated each in their own way, end in one `CloudModel` per deployment unit (a root module, a
/// template, a plan: `CloudResource.scope`) over one shared `CloudSources` table (Terraform's files
/// first, then one entry per template, then the plans). Joins and rules stay inside a unit: two
/// roots' `aws_s3_bucket.data` are two buckets, and one root's versioning never joins the other's.
public enum CloudLoader {
    public struct Loaded: Sendable {
        /// One model per deployment unit, in the order the units were loaded.
        public var models: [CloudModel]
        public var diagnostics: [Diagnostic]
        /// Suppression comments placed, with the resource whose findings each may accept.
        public var suppressions: [(holder: ObjectRef, comment: SuppressionComment)]
    }

    /// Evaluates the Terraform by module folder (local modules outside the scan read from disk,
    /// their project paths relative to `root`), every plan and every template, and reads them into
    /// the model. The sources table lists Terraform's files, then the templates, then the plans.
    public static func load(_ unordered: CloudInputs, root: String?, maxFileSize: Int, workers: Int = 2) -> Loaded {
        let inputs = unordered.ordered
        let hcl = inputs.terraform.isEmpty ? TerraformLoader.Evaluated()
            : TerraformLoader.evaluate(inputs.terraform, root: root, maxFileSize: maxFileSize, workers: workers)
        var files = hcl.sources.files
        files += inputs.cloudFormation.map { CloudSources.File(display: $0.display, projectPath: $0.projectPath) }
        files += inputs.plans.map { CloudSources.File(display: $0.display, projectPath: $0.projectPath) }
        let sources = inputs.cloudFormation.isEmpty && inputs.plans.isEmpty ? hcl.sources : CloudSources(files)
        var templates = CloudFormationLoader.Evaluated()
        if !inputs.cloudFormation.isEmpty {
            templates = CloudFormationLoader.evaluate(inputs.cloudFormation, firstFile: Int32(hcl.sources.files.count), sources: sources)
        }
        let firstPlan = hcl.sources.files.count + inputs.cloudFormation.count
        let planned = inputs.plans.enumerated().flatMap { k, plan in
            TerraformPlanLoader.resources(plan, file: Int32(firstPlan + k), sources: sources)
        }
        let models = CloudAdapter.models(hcl.resources + templates.resources + planned, sources: sources, workers: workers)
        return Loaded(models: models, diagnostics: hcl.diagnostics + templates.diagnostics, suppressions: hcl.suppressions + templates.suppressions)
    }
}

/// What the workers collect for the cloud phase, file by file.
public struct CloudInputs: Sendable {
    public var terraform: [TerraformFile] = []
    public var cloudFormation: [CloudFormationTemplate] = []
    public var plans: [TerraformPlan] = []

    public init() {}

    public var isEmpty: Bool { terraform.isEmpty && cloudFormation.isEmpty && plans.isEmpty }

    /// In file order (templates of one file in document order), whatever order the workers
    /// finished in, so the model, and every path a rule derives from it, is the same each run.
    var ordered: CloudInputs {
        var copy = self
        copy.cloudFormation = cloudFormation.enumerated().sorted { ($0.element.display, $0.offset) < ($1.element.display, $1.offset) }.map(\.element)
        copy.plans = plans.sorted { $0.display < $1.display }
        return copy
    }

    public mutating func add(_ other: CloudInputs) {
        terraform += other.terraform
        cloudFormation += other.cloudFormation
        plans += other.plans
    }
}
