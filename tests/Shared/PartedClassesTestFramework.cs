using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Regin.Testing;

/// <summary>
/// xunit's test framework (every test project uses it: tests/Directory.Build.props), with one change: a test class of
/// more than <see cref="PartSize"/> cases that has no fixture and no collection of its own runs as several collections
/// of at most that many cases. xunit runs the cases of one collection one after another and at most one collection per
/// thread (2 on 2 cores): the hostile mail corpus (500 cases on two providers, ~8 minutes) ran on one thread long after
/// the rest of its project had finished. In parts it shares both threads with the rest. Nothing else changes: each case
/// still gets a new instance of its class (and its own database and host), as before; classes with a class fixture or in
/// a named collection (shared servers, a browser, allocation measurements) run as one collection, as before.
/// The parts run after the undivided collections, so those start first and the short parts fill the end of the run.
/// </summary>
public sealed class PartedClassesTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public const int PartSize = 20;

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, Parted(testCases), DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class Runner : XunitTestAssemblyRunner
    {
        public Runner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
            IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
            : base(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions) =>
            TestCollectionOrderer = new PartsLast(TestCollectionOrderer);
    }

    /// <summary>The cases, those of a divisible class moved into collections of their own, <see cref="PartSize"/> each.</summary>
    private static List<IXunitTestCase> Parted(IEnumerable<IXunitTestCase> testCases)
    {
        var result = new List<IXunitTestCase>();
        foreach (var cases in testCases.GroupBy(c => c.TestMethod.TestClass.TestCollection.UniqueID))
        {
            var list = cases.ToList();
            if (list.Count <= PartSize || !Divisible(list))
            {
                result.AddRange(list);
                continue;
            }
            var count = (list.Count + PartSize - 1) / PartSize;
            for (var i = 0; i < count; i++)
            {
                var original = list[0].TestMethod.TestClass;
                var part = new PartCollection(original.TestCollection, $"{original.TestCollection.DisplayName} (part {i + 1} of {count})");
                var testClass = new TestClass(part, original.Class);
                result.AddRange(list.Skip(i * PartSize).Take(PartSize).Select(c => new PartCase(c, new TestMethod(testClass, c.TestMethod.Method))));
            }
        }
        return result;
    }

    /// <summary>One class in xunit's own collection for it, with no class fixture: its cases share nothing but code.</summary>
    private static bool Divisible(List<IXunitTestCase> cases)
    {
        var testClass = cases[0].TestMethod.TestClass;
        if (testClass.TestCollection.CollectionDefinition is not null
            || cases.Any(c => !string.Equals(c.TestMethod.TestClass.Class.Name, testClass.Class.Name, StringComparison.Ordinal)))
        {
            return false;
        }
        var type = testClass.Class.ToRuntimeType();
        return type is not null && !type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClassFixture<>));
    }

    // The parts live only in the running test process: never serialized, never sent to another app domain.
#pragma warning disable xUnit3000, xUnit3001
    private sealed class PartCollection(ITestCollection whole, string displayName)
        : TestCollection(whole.TestAssembly, null, displayName);

    /// <summary>xunit's own case, only seen as belonging to a part (the runner groups cases by their method's collection).</summary>
    private sealed class PartCase(IXunitTestCase inner, ITestMethod testMethod) : IXunitTestCase
    {
        public ITestMethod TestMethod => testMethod;
        public string DisplayName => inner.DisplayName;
        public string SkipReason => inner.SkipReason;
        public ISourceInformation SourceInformation { get => inner.SourceInformation; set => inner.SourceInformation = value; }
        public object[] TestMethodArguments => inner.TestMethodArguments;
        public Dictionary<string, List<string>> Traits => inner.Traits;
        public string UniqueID => inner.UniqueID;
        public Exception InitializationException => inner.InitializationException;
        public IMethodInfo Method => inner.Method;
        public int Timeout => inner.Timeout;

        public Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments,
            ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
            inner.RunAsync(diagnosticMessageSink, messageBus, constructorArguments, aggregator, cancellationTokenSource);

        public void Deserialize(IXunitSerializationInfo info) => inner.Deserialize(info);

        public void Serialize(IXunitSerializationInfo info) => inner.Serialize(info);
    }

#pragma warning restore xUnit3000, xUnit3001

    /// <summary>xunit's order for the undivided collections, then the parts.</summary>
    private sealed class PartsLast(ITestCollectionOrderer whole) : ITestCollectionOrderer
    {
        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
        {
            var all = testCollections.ToList();
            return [.. whole.OrderTestCollections(all.Where(c => c is not PartCollection)), .. all.OfType<PartCollection>()];
        }
    }
}
