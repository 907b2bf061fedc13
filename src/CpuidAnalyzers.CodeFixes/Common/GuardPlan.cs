using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>Where a guard goes for one use.</summary>
internal enum WrapKind
{
    /// <summary>A statement of a block, switch section or the top-level statements: wrap a statement range.</summary>
    StatementList,

    /// <summary>The body of an if/else/loop/using without braces: wrap that statement.</summary>
    Embedded,

    /// <summary>An expression that is no statement (expression body, initializer, constructor-initializer argument).</summary>
    Expression,
}

/// <summary>The container a use is guarded in, and the item of it that holds the use.</summary>
internal sealed class WrapTarget
{
    private WrapTarget(WrapKind kind, SyntaxNode container, SyntaxNode item) => (Kind, Container, Item) = (kind, container, item);

    public WrapKind Kind { get; }

    /// <summary>The block/section/compilation unit, the embedded statement, or the expression.</summary>
    public SyntaxNode Container { get; }

    /// <summary>The statement (or global statement) of the container that holds the use; the container itself otherwise.</summary>
    public SyntaxNode Item { get; }

    /// <summary>The nearest place a guard can go, walking out from the use; null when there is none (attributes, defaults).</summary>
    public static WrapTarget? Find(SyntaxNode use)
    {
        for (SyntaxNode? current = use; current is not null; current = current.Parent)
        {
            var parent = current.Parent;
            switch (current)
            {
                case LocalFunctionStatementSyntax:
                    return null;
                case StatementSyntax statement when parent is BlockSyntax or SwitchSectionSyntax:
                    return new WrapTarget(WrapKind.StatementList, parent, statement);
                case StatementSyntax when parent is GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                    return new WrapTarget(WrapKind.StatementList, unit, global);
                case StatementSyntax when parent is LabeledStatementSyntax:
                    continue;
                case StatementSyntax statement when parent is StatementSyntax or ElseClauseSyntax:
                    return new WrapTarget(WrapKind.Embedded, statement, statement);
                case ExpressionSyntax expression when parent is ArrowExpressionClauseSyntax:
                case ExpressionSyntax when parent is AnonymousFunctionExpressionSyntax function && function.ExpressionBody == current:
                case ExpressionSyntax when parent is EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax
                    or VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } }:
                    return current is RefExpressionSyntax ? null : new WrapTarget(WrapKind.Expression, current, current);
                case ExpressionSyntax when parent is ArgumentSyntax { Parent.Parent: ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax }:
                    return new WrapTarget(WrapKind.Expression, current, current);
                case MemberDeclarationSyntax or AttributeSyntax or ParameterSyntax:
                    return null;
            }
        }
        return null;
    }
}

/// <summary>
/// The edits the "Add IsSupported check" fix makes in one document: per wrong condition, that condition
/// rewritten; per block (or embedded statement, or expression), one guard around the smallest statement
/// range (or the expression) that covers every use fixed there. Built on the original tree, applied on a
/// tracked copy innermost first, so nested groups never produce conflicting edits.
/// </summary>
internal sealed class GuardPlan
{
    private readonly List<ConditionGroup> _conditions = new();
    private readonly List<WrapGroup> _wraps = new();

    private GuardPlan()
    {
    }

    public bool IsEmpty => _conditions.Count == 0 && _wraps.Count == 0;

    public static GuardPlan Create(SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plan = new GuardPlan();
        var conditions = new Dictionary<ExpressionSyntax, ConditionGroup>();
        var wraps = new Dictionary<SyntaxNode, WrapGroup>();
        foreach (var diagnostic in diagnostics)
        {
            if (FlaggedUses.NodeOf(diagnostic, root) is not { } node) continue;
            var needed = IsaClauses.Read(diagnostic, model.Compilation);
            if (needed.IsDefault) continue;

            if (RuleIds.HasWrongCondition(diagnostic.Id) && WrongGuardConditions.Read(diagnostic, root) is { } guard)
            {
                if (!conditions.TryGetValue(guard.Expression, out var group))
                    plan._conditions.Add(conditions[guard.Expression] = group = new ConditionGroup(guard));
                group.Add(diagnostic, needed);
                continue;
            }

            if (WrapTarget.Find(node) is not { } target) continue;
            if (!wraps.TryGetValue(target.Container, out var wrap))
                plan._wraps.Add(wraps[target.Container] = wrap = new WrapGroup(target.Kind, target.Container));
            wrap.Add(diagnostic, needed, target.Item);
        }
        return plan;
    }

    /// <summary>Only the group that fixes <paramref name="diagnostic"/>.</summary>
    public GuardPlan Only(Diagnostic diagnostic)
    {
        var plan = new GuardPlan();
        plan._conditions.AddRange(_conditions.Where(g => g.Diagnostics.Any(d => FlaggedUses.SameLocation(d, diagnostic))));
        plan._wraps.AddRange(_wraps.Where(g => g.Diagnostics.Any(d => FlaggedUses.SameLocation(d, diagnostic))));
        return plan;
    }

    public SyntaxNode Apply(SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        // Everything is computed on the original tree; edits then find their nodes in the changing one.
        var conditionEdits = _conditions.Select(g
            => (Original: (SyntaxNode)g.Guard.Expression, New: (SyntaxNode)GuardConditions.Rewrite(g.Guard, g.Needed, model, cancellationToken))).ToList();
        var wrapEdits = _wraps.Select(g => g.Prepare(model, cancellationToken)).Where(e => e is not null).Select(e => e!).ToList();

        var tracked = conditionEdits.Select(e => e.Original).Concat(wrapEdits.SelectMany(e => e.TrackedNodes));
        var current = root.TrackNodes(tracked);

        foreach (var (original, replacement) in conditionEdits)
        {
            if (current.GetCurrentNode(original) is { } node) current = current.ReplaceNode(node, replacement);
        }
        foreach (var edit in wrapEdits.OrderByDescending(e => e.Depth))
            current = edit.Apply(current);
        return current;
    }

    private abstract class Group
    {
        private readonly List<IsaClause> _clauses = new();

        public List<Diagnostic> Diagnostics { get; } = new();

        public ImmutableArray<IsaClause> Needed => IsaClauses.Minimal(_clauses);

        protected void AddRequirement(Diagnostic diagnostic, ImmutableArray<IsaClause> needed)
        {
            Diagnostics.Add(diagnostic);
            _clauses.AddRange(needed);
        }
    }

    private sealed class ConditionGroup : Group
    {
        public ConditionGroup(GuardCondition guard) => Guard = guard;

        public GuardCondition Guard { get; }

        public void Add(Diagnostic diagnostic, ImmutableArray<IsaClause> needed) => AddRequirement(diagnostic, needed);
    }

    private sealed class WrapGroup : Group
    {
        private readonly List<SyntaxNode> _items = new();

        public WrapGroup(WrapKind kind, SyntaxNode container) => (Kind, Container) = (kind, container);

        public WrapKind Kind { get; }

        public SyntaxNode Container { get; }

        public void Add(Diagnostic diagnostic, ImmutableArray<IsaClause> needed, SyntaxNode item)
        {
            AddRequirement(diagnostic, needed);
            if (!_items.Contains(item)) _items.Add(item);
        }

        public WrapEdit? Prepare(SemanticModel model, CancellationToken cancellationToken)
        {
            var condition = GuardSyntax.Condition(Needed);
            var exception = GuardSyntax.ExceptionType(model, Container.SpanStart);
            var depth = Container.Ancestors().Count();
            switch (Kind)
            {
                case WrapKind.Embedded:
                    return new WrapEdit(depth, new[] { Container }, tree => tree.GetCurrentNode(Container) is StatementSyntax statement
                        ? tree.ReplaceNode(statement,
                            Block(GuardSyntax.IfElseThrow(condition, Block(statement.WithoutTrivia()),
                            exception)).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation))
                        : tree);

                case WrapKind.Expression:
                    return PrepareExpression((ExpressionSyntax)Container, condition, exception, depth, model, cancellationToken);

                default:
                    return PrepareStatements(condition, exception, depth, model, cancellationToken);
            }
        }

        private static WrapEdit? PrepareExpression(ExpressionSyntax expression, ExpressionSyntax condition, TypeSyntax exception, int depth,
            SemanticModel model, CancellationToken cancellationToken)
        {
            var owner = expression.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent : expression.Parent;
            var method = owner switch
            {
                AnonymousFunctionExpressionSyntax function => model.GetSymbolInfo(function, cancellationToken).Symbol as IMethodSymbol,
                BasePropertyDeclarationSyntax or EqualsValueClauseSyntax or ArgumentSyntax => null,
                { } declaration => model.GetDeclaredSymbol(declaration, cancellationToken) as IMethodSymbol,
                _ => null,
            };
            if (method is { ReturnsByRef: true } or { ReturnsByRefReadonly: true }) return null;
            if (method is null || !ReturnsNothing(method))
            {
                return new WrapEdit(depth, new SyntaxNode[] { expression }, tree => tree.GetCurrentNode(expression) is { } current
                    ? tree.ReplaceNode(current, GuardSyntax.TernaryThrow(condition, current, exception))
                    : tree);
            }

            // A void (or Task) expression body cannot be a conditional: give it a block body.
            return new WrapEdit(depth, new SyntaxNode[] { expression, owner! }, tree =>
            {
                if (tree.GetCurrentNode(owner!) is not { } currentOwner || tree.GetCurrentNode(expression) is not { } currentExpression) return tree;
                var body = Block(GuardSyntax.IfElseThrow(condition, Block(ExpressionStatement(currentExpression.WithoutTrivia())), exception));
                // A real line break after '{' keeps the formatter from leaving a new lambda body on one line.
                body = body.WithOpenBraceToken(body.OpenBraceToken.WithTrailingTrivia(GuardSyntax.EndOfLine(expression)));
                SyntaxNode? replacement = currentOwner switch
                {
                    AnonymousFunctionExpressionSyntax function => function.WithExpressionBody(null).WithBlock(body),
                    BaseMethodDeclarationSyntax declaration => declaration.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(body.WithTrailingTrivia(declaration.SemicolonToken.TrailingTrivia)),
                    LocalFunctionStatementSyntax function => function.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(body.WithTrailingTrivia(function.SemicolonToken.TrailingTrivia)),
                    AccessorDeclarationSyntax accessor => accessor.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(body.WithTrailingTrivia(accessor.SemicolonToken.TrailingTrivia)),
                    _ => null,
                };
                return replacement is null ? tree : tree.ReplaceNode(currentOwner, replacement.WithAdditionalAnnotations(Formatter.Annotation));
            });
        }

        private static bool ReturnsNothing(IMethodSymbol method) =>
            method.ReturnsVoid || (method.IsAsync && method.ReturnType is INamedTypeSymbol { Arity: 0, Name: "Task" or "ValueTask" });

        private WrapEdit? PrepareStatements(ExpressionSyntax condition, TypeSyntax exception, int depth, SemanticModel model,
            CancellationToken cancellationToken)
        {
            var items = Items(Container);
            var indices = _items.Select(i => items.IndexOf(i)).Where(i => i >= 0).ToList();
            if (indices.Count == 0) return null;
            var (lo, hi) = ExtendRange(items, indices.Min(), indices.Max(), model, cancellationToken);
            var range = items.Skip(lo).Take(hi - lo + 1).ToList();
            // Moving preprocessor directives into a block can unbalance them: leave such ranges alone.
            if (range.Any(s => s.DescendantTrivia().Any(t => t.IsDirective)) || items[lo].GetLeadingTrivia().Any(t => t.IsDirective)) return null;

            var container = Container;
            return new WrapEdit(depth, range.Prepend(container), tree =>
            {
                if (tree.GetCurrentNode(container) is not { } currentContainer) return tree;
                var currentItems = Items(currentContainer);
                var moved = range.Select(n => tree.GetCurrentNode(n)).ToList();
                if (moved.Any(n => n is null)) return tree;
                var first = currentItems.IndexOf(moved[0]!);
                var last = currentItems.IndexOf(moved[moved.Count - 1]!);
                if (first < 0 || last < first) return tree;

                var statements = moved.Select(n => n is GlobalStatementSyntax global ? global.Statement : (StatementSyntax)n!).ToList();
                var (outer, inner) = GuardSyntax.SplitLeadingTrivia(statements[0]);
                statements[0] = statements[0].WithLeadingTrivia(inner);
                var guard = GuardSyntax.KeepLineEnd(GuardSyntax.IfElseThrow(condition, Block(statements), exception).WithLeadingTrivia(outer),
                    statements[statements.Count - 1]);

                var replacement = currentContainer switch
                {
                    BlockSyntax block => (SyntaxNode)block.WithStatements(Splice(block.Statements, first, last, guard)),
                    SwitchSectionSyntax section => section.WithStatements(Splice(section.Statements, first, last, guard)),
                    CompilationUnitSyntax unit => unit.WithMembers(Splice(unit.Members, first, last, GlobalStatement(guard))),
                    _ => currentContainer,
                };
                return tree.ReplaceNode(currentContainer, replacement);
            });
        }

        private static SyntaxList<T> Splice<T>(SyntaxList<T> list, int first, int last, T replacement)
            where T : SyntaxNode =>
            List(list.Take(first).Append(replacement).Concat(list.Skip(last + 1)));

        private static List<SyntaxNode> Items(SyntaxNode container) => container switch
        {
            BlockSyntax block => block.Statements.Cast<SyntaxNode>().ToList(),
            SwitchSectionSyntax section => section.Statements.Cast<SyntaxNode>().ToList(),
            CompilationUnitSyntax unit => unit.Members.Cast<SyntaxNode>().ToList(),
            _ => new List<SyntaxNode>(),
        };

        /// <summary>
        /// Grows [lo, hi] until no local, local function or label declared in it is used outside it (the guard's
        /// block would hide them), and to the end when it declares a <c>using</c> local (so disposal does not move).
        /// </summary>
        private static (int Lo, int Hi) ExtendRange(List<SyntaxNode> items, int lo, int hi, SemanticModel model, CancellationToken cancellationToken)
        {
            var lastStatement = items.FindLastIndex(i => i is StatementSyntax or GlobalStatementSyntax);
            while (true)
            {
                var declared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                for (var i = lo; i <= hi; i++)
                {
                    var statement = items[i] is GlobalStatementSyntax global ? global.Statement : items[i];
                    if (statement is LocalDeclarationStatementSyntax declaration && declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                        hi = System.Math.Max(hi, lastStatement);
                    foreach (var node in items[i].DescendantNodesAndSelf())
                    {
                        if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or LocalFunctionStatementSyntax or LabeledStatementSyntax
                            && model.GetDeclaredSymbol(node, cancellationToken) is { } symbol)
                            declared.Add(symbol);
                    }
                }

                var (newLo, newHi) = (lo, hi);
                for (var j = 0; j < items.Count && declared.Count > 0; j++)
                {
                    if (j >= lo && j <= hi || items[j] is not (StatementSyntax or GlobalStatementSyntax)) continue;
                    var uses = items[j].DescendantNodes().OfType<IdentifierNameSyntax>()
                        .Any(name => model.GetSymbolInfo(name, cancellationToken).Symbol is { } used && declared.Contains(used));
                    if (!uses) continue;
                    if (j > newHi) newHi = j;
                    if (j < newLo) newLo = j;
                }
                if (newLo == lo && newHi == hi) return (lo, hi);
                (lo, hi) = (newLo, newHi);
            }
        }
    }

    private sealed class WrapEdit
    {
        private readonly System.Func<SyntaxNode, SyntaxNode> _apply;

        public WrapEdit(int depth, IEnumerable<SyntaxNode> tracked, System.Func<SyntaxNode, SyntaxNode> apply) =>
            (Depth, TrackedNodes, _apply) = (depth, tracked.ToList(), apply);

        public int Depth { get; }

        public IReadOnlyList<SyntaxNode> TrackedNodes { get; }

        public SyntaxNode Apply(SyntaxNode tree) => _apply(tree);
    }
}
