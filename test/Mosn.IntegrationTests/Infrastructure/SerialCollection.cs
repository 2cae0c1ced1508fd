namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>Tests that measure process memory run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (memory measurements)";
}
