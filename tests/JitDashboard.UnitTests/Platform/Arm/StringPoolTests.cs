using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.UnitTests.Platform.Arm;

public class StringPoolTests
{
    private static readonly JsonSerializerOptions Plain = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Equal_strings_come_back_as_one_instance()
    {
        var pool = new StringPool(1024);
        var first = pool.Get("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a".AsSpan());
        var second = pool.Get(new string("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a".AsSpan()));

        Assert.Same(first, second);
        Assert.Equal("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a", first);
    }

    [Fact]
    public void Different_strings_stay_different_even_when_they_share_a_slot()
    {
        // One slot: every string collides, and the pool must still answer each with its own value.
        var pool = new StringPool(1);

        Assert.Equal("Allow", pool.Get("Allow".AsSpan()));
        Assert.Equal("Deny", pool.Get("Deny".AsSpan()));
        Assert.Equal("Allow", pool.Get("Allow"));
    }

    [Fact]
    public void Holds_at_most_its_slot_count()
    {
        var pool = new StringPool(8);
        for (var i = 0; i < 1000; i++)
            pool.Get($"value-{i}".AsSpan());

        Assert.Equal(8, pool.Capacity);
    }

    [Fact]
    public void Null_empty_and_long_strings_pass_through()
    {
        var pool = new StringPool(16);
        var longText = new string('x', StringPool.MaxLength + 1);

        Assert.Null(pool.Get((string?)null));
        Assert.Same(string.Empty, pool.Get(ReadOnlySpan<char>.Empty));
        Assert.Equal(longText, pool.Get(longText.AsSpan()));
        Assert.NotSame(pool.Get(longText.AsSpan()), pool.Get(longText.AsSpan()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-8)]
    public void Slot_count_must_be_a_power_of_two(int slots) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StringPool(slots));

    [Fact]
    public void Arm_bodies_share_repeated_values_and_read_exactly_as_before()
    {
        const string json = """
            {"value":[
              {"id":"/n/1","name":"nic-1","tags":{"env":"prod"},"properties":{"ipConfigurations":[{"name":"ipconfig1","properties":{"privateIPAddress":"10.0.0.4","subnet":{"id":"/subnets/a"}}}]}},
              {"id":"/n/2","name":"nic-\u00e9\"2","tags":{"env":"prod"},"properties":{"ipConfigurations":[{"name":"ipconfig1","properties":{"privateIPAddress":"10.0.0.5","subnet":{"id":"/subnets/a"}}}]}}
            ]}
            """;

        var page = JsonSerializer.Deserialize<ArmPage<NetworkInterface>>(json, ArmJson.Options)!;
        var plain = JsonSerializer.Deserialize<ArmPage<NetworkInterface>>(json, Plain)!;

        var (a, b) = (page.Value[0], page.Value[1]);
        Assert.Same(a.Properties.IpConfigurations[0].Properties.Subnet!.Id, b.Properties.IpConfigurations[0].Properties.Subnet!.Id);
        Assert.Same(a.Properties.IpConfigurations[0].Name, b.Properties.IpConfigurations[0].Name);
        Assert.Same(a.Tags!["env"], b.Tags!["env"]);
        // Escapes are read as the default reader reads them.
        Assert.Equal(plain.Value[1].Name, b.Name);
        Assert.Equal("nic-é\"2", b.Name);
        Assert.Equal(JsonSerializer.Serialize(plain, ArmJson.Options), JsonSerializer.Serialize(page, ArmJson.Options));
    }

    [Fact]
    public void A_number_where_a_string_belongs_fails_as_before() =>
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<ResourceReference>("""{"id":42}""", ArmJson.Options));
}

public class IdScopeTests
{
    private const string Id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1";

    [Fact]
    public async Task Within_a_scope_each_id_is_one_instance_across_bodies_and_tasks_and_the_shared_pool_keeps_none()
    {
        var pool = new StringPool(1024);
        string first, second;
        IdScope held;
        using (var scope = IdScope.Begin())
        {
            held = scope;
            first = JsonSerializer.Deserialize<ResourceReference>($$"""{"id":"{{Id}}"}""", ArmJson.Options)!.Id;
            // Another task started within the scope (as the load's parallel lists are) reads through the same table.
            second = (await Task.Run(() => pool.Get(new string(Id.AsSpan()))))!;
            Assert.Same(first, second);
            Assert.Equal(1, scope.Count);
            // Not ids: the shared slots, as before.
            Assert.Same(pool.Get("Allow".AsSpan()), pool.Get(new string("Allow".AsSpan())));
        }

        Assert.Null(IdScope.Current);
        // Whatever still holds the scope (a task's captured context) holds no ids.
        Assert.Equal(0, held.Count);
        // The pool did not take the scope's id: outside the scope it makes (and then keeps) its own.
        var outside = pool.Get(new string(Id.AsSpan()));
        Assert.NotSame(first, outside);
        Assert.Same(outside, pool.Get(new string(Id.AsSpan())));
    }

    [Fact]
    public void Scopes_nest_and_each_ends_where_it_began()
    {
        using var outer = IdScope.Begin();
        using (var inner = IdScope.Begin())
            Assert.Same(inner, IdScope.Current);
        Assert.Same(outer, IdScope.Current);
    }
}
